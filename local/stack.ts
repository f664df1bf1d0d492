import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig, DEFAULT_CONFIG_FILE, type DestekConfig } from '#config/config';
import { functionDefinitions, type FunctionName } from '#definitions/functions';
import { queueDefinitions, type QueueName } from '#definitions/queues';
import { routeDefinitions } from '#definitions/routes';
import { LOCAL_AGENTS, LocalAgentAuth, postAuthenticationEvent } from './auth';
import { bundleFunctions } from './bundle';
import { assertJava, ensureTable, startDynamoDbLocal } from './dynamodb';
import { LocalFunction } from './functions';
import { LocalGateway } from './gateway';
import { assertPortFree, startOnPort } from './net';
import { EventSourceRunner } from './runner';
import { createAsyncDeadLetterQueues, createQueues, startSqsServer, type LocalQueue } from './sqs';
import { LocalLambdaInvoke } from './lambda-invoke';
import { asyncFunctionNames, asyncInvocationDefinitions, type AsyncFunctionName } from '#definitions/async-invocations';
import { ensureBucket, LOCAL_CREDENTIALS, setBucketCors, startS3 } from './storage';
import { startSes } from './ses';
import { startLexRuntimeServer } from './lex-runtime';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { seedDemoOrders } from '#adapters/orders-seed';
import { BuiltinRecognizer } from '#brain/recognizer';
import { loadModel } from '#brain/load-model';
import { loadIntents } from '#definitions/bot/load';
import { ordersTableSchema } from '#definitions/table';
import { S3Client } from '@aws-sdk/client-s3';
import { startLocalSmtp } from './smtp';
import { localFunctionEnvs, localResourceNames, LOCAL_ACCOUNT, type LocalFunctionEnvInput } from './function-env';
import { LocalSecretsManager } from './secrets-manager';
import { LocalEventBridge } from './eventbridge';
import { localWebhookSecret, startLocalWebhooks } from './webhooks';

import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '#config/social';
import { SocialProviderServer } from './social-provider';
import { LocalScheduler } from './scheduler';

import { agentWebsocketRouteDefinitions, websocketRouteDefinitions } from '#definitions/websocket-routes';
import { changeFeedDefinitions, type ChangeFeedName } from '#definitions/change-feed';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { LocalChangeFeed } from './dynamodb-streams';
import { attachmentsCorsRule, buildConsole, consoleContentSecurityPolicy } from '#definitions/console';
import { buildWidget } from '#definitions/widget';
import { buildHelpCenter, helpCenterContentSecurityPolicy, siteAssetPaths } from '#definitions/help-center';
import { ARTICLE_LOCALES } from '#helpcenter/articles';
import { S3Client as SiteS3Client } from '#adapters/aws/s3';
import { S3SiteTarget } from '#adapters/s3-site';
import { helpCenterSiteSettings } from '#config/settings';
import { S3HelpFiles } from './help-files';
import { localMasterKey } from './chat-secrets';
import { deriveKey } from '#config/keys';
import { MASTER_KEY_FIELD } from '#definitions/stack-secret';
import { AGENT_JWKS_PATH, startWebServer } from './web';
import { LocalWebSocketGateway } from './websocket-gateway';

export const DEFAULT_PORTS = {
  api: 8420,
  dynamodb: 8421,
  sqs: 8422,
  s3: 8423,
  ses: 8424,
  lex: 8425,
  smtp: 8426,
  ws: 8427,
  web: 8428,
  social: 8429,
  scheduler: 8430,
  lambda: 8431,
  secrets: 8432,
  live: 8433,
  events: 8434,
} as const;
export type PortName = keyof typeof DEFAULT_PORTS;

export interface LocalStackOptions {
  readonly projectRoot: string;
  readonly configFile?: string;
  /** Keep DynamoDB data, S3 objects, queued messages and the signing key here between runs; in memory when unset. */
  readonly dataDir?: string;
  /** Ports to use; 0 picks a free one. Defaults to DEFAULT_PORTS. */
  readonly ports?: Partial<Record<PortName, number>>;
  /** Where the stack's own progress lines go. */
  readonly log?: (line: string) => void;
  /** What happens to the functions' own output (structured logs): printed, or dropped. */
  readonly functionOutput?: 'inherit' | 'silent';
  /** Overrides of the functions' environment (e.g. POWERTOOLS_LOG_LEVEL in tests). */
  readonly envOverrides?: LocalFunctionEnvInput['overrides'];
}

export interface LocalStackInfo {
  readonly stackName: string;
  readonly region: string;
  readonly api: string;
  readonly dynamodb: string;
  readonly sqs: string;
  readonly s3: string;
  readonly ses: string;
  /** The Lex V2 runtime stand-in (HTTP/2), when a locale is answered by Lex. */
  readonly lex?: string;
  /** The EventBridge Scheduler stand-in: ticket SLA timers (POST /_local/fire?before=ISO fires them early). */
  readonly scheduler: string;
  /** The Secrets Manager stand-in: the stack secret (master key, social providers' values). */
  readonly secretsManager: string;
  /** The EventBridge stand-in: the shop's event bus (GET /_local/events?after=N&wait=ms lists what was published). */
  readonly events: string;
  readonly eventBusName: string;
  /** The signed webhooks' queue and dead-letter queue, when events.webhooks is configured. */
  readonly webhookQueue?: { url: string; dlqUrl: string };
  readonly tableName: string;
  /** The bucket for files customers send (AWS: SupportData's attachments bucket). */
  readonly attachmentsBucket: string;
  readonly ordersTableName?: string;
  readonly queues: Record<QueueName, { url: string; dlqUrl: string }>;
  /** The Lambda Invoke stand-in (AWS_ENDPOINT_URL_LAMBDA): asynchronous invocations with retries. */
  readonly lambda: string;
  /** Where each asynchronously invoked function's failed invocations end (its on-failure destination). */
  readonly asyncDeadLetterQueues: Record<AsyncFunctionName, { url: string }>;
  readonly agentToken: string;
  /** The agent console, signed in as the local agent in one click (locally only), and as the local admin. */
  readonly consoleUrl: string;
  readonly consoleAdminUrl: string;
  /** The help center (helpcenter/articles rendered), served under /help/. */
  readonly helpCenterUrl: string;
  readonly functions: Record<FunctionName, { coldStartMs: number }>;
  /** SES inbound stand-in: mail sent here goes the way SES delivers it (S3, notification, ingest). */
  readonly smtp?: string;
  readonly smtpPort?: number;
  /** Where the SMTP stand-in stores raw mail (AWS: the e-mail channel's inbound-mail bucket). */
  readonly inboundMailBucket?: string;
  /** The addresses the SMTP stand-in receives for. */
  readonly supportAddresses?: readonly string[];
  /** The fake social provider: send APIs, media, GET /sent, POST /simulate/{provider}. */
  readonly socialProvider: string;
  /** The live chat's WebSocket API (ws://) and its @connections callback URL. */
  readonly websocket: string;
  readonly websocketCallback: string;
  /**
   * The agents' live socket (ws://; the console's liveUrl): send {"action":"auth","token":<agent token>}
   * first, then ticket changes arrive as {"type":"ticket","ticketId":...}.
   */
  readonly agentLive: string;
  /** widget.js and the demo shop page. */
  readonly web: string;
  readonly demoPage: string;
  /** The local shop's customer-reference secret (a shop's server signs logged-in customers with it). */
  readonly chatShopSecret: string;
}

export interface LocalStack {
  readonly info: LocalStackInfo;
  readonly config: DestekConfig;
  readonly auth: LocalAgentAuth;
  readonly functions: Record<FunctionName, LocalFunction>;
  /** Each function's environment: endpoints, settings, and its own bindings' variables (as in AWS). */
  readonly envs: Record<FunctionName, Record<string, string>>;
  /** Each function's bundle, as the local instances import it. */
  readonly bundles: Record<FunctionName, string>;
  readonly socialProvider: SocialProviderServer;
  readonly websocketGateway: LocalWebSocketGateway;
  /** The agents' live socket's gateway. */
  readonly agentWebsocketGateway: LocalWebSocketGateway;
  /** The shop's event bus: what eventPublisher put on it. */
  readonly eventBus: LocalEventBridge;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';

/** What is torn down when the stack stops, last started first. */
class Stops {
  private readonly list: (() => Promise<unknown> | void)[] = [];
  add(stop: () => Promise<unknown> | void): void {
    this.list.push(stop);
  }
  /** Registers a server's stop as soon as it is up, so a failure of another leaves nothing behind. */
  started<T>(p: Promise<T>, stop: (v: T) => Promise<unknown> | void): Promise<T> {
    return p.then((v) => (this.add(() => stop(v)), v));
  }
  async run(): Promise<void> {
    for (const s of this.list.reverse()) await Promise.resolve(s()).catch(() => undefined);
    this.list.length = 0;
  }
}

/**
 * Starts the whole pipeline on local servers that speak the AWS protocols, running the same function
 * bundles with the same routes, queues and table as the CDK stack. Everything it starts, stop() ends.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const log = opts.log ?? (() => {});
  const config = loadConfig(opts.configFile ?? DEFAULT_CONFIG_FILE, opts.projectRoot);
  assertJava();
  const ports = await choosePorts(opts.ports);
  const stops = new Stops();
  const stop = () => stops.run();
  try {
    const buildDir = mkdtempSync(join(tmpdir(), 'destek-build-'));
    stops.add(() => rmSync(buildDir, { recursive: true, force: true }));
    log('starting DynamoDB Local, SQS, S3 and SES; bundling functions');
    const servers = await startStorageServers(opts, ports, stops, buildDir, config.observability.sourceMaps);
    const resources = await createResources(config, servers, opts.dataDir, log);
    // Filled once the bundles are loaded; the Invoke stand-in answers 404 for a function not there yet.
    const functions = {} as Record<FunctionName, LocalFunction>;
    const standIns = await startStandIns(config, opts, ports, stops, functions, servers.sqsClient, resources, log);
    const helpSite = {
      s3: new S3Client({ region: REGION, endpoint: servers.s3.endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS }),
      origin: servers.s3.endpoint,
      bucket: resources.names.helpCenterBucket,
    };
    const edge = await startEdge(config, opts, ports, stops, functions, buildDir, standIns.masterKey, helpSite, log);
    standIns.socialProvider.setWebhookTarget(edge.api);
    await setBucketCors(servers.s3.endpoint, resources.names.attachmentsBucket, attachmentsCorsRule);

    const envs = localFunctionEnvs({
      config,
      region: REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoints: {
        dynamodb: servers.dynamo.endpoint,
        sqs: servers.sqs.endpoint,
        s3: servers.s3.endpoint,
        ses: servers.ses.endpoint,
        scheduler: standIns.scheduler,
        lambda: standIns.lambda,
        secretsManager: standIns.secretsManager,
        eventbridge: standIns.events,
        ...(standIns.lex ? { lex: standIns.lex } : {}),
        apiPort: edge.apiPort,
        wsPort: edge.wsPort,
        agentWsPort: edge.agentWsPort,
        agentJwksUrl: `${edge.web}${AGENT_JWKS_PATH}`,
      },
      ...resources.names,
      queues: resources.queues,
      stackSecretArn: standIns.stackSecretArn,
      socialProvider: standIns.socialProvider,
      masterKey: standIns.masterKey,
      slaTarget: { functionArn: standIns.invoke.arn('slaCheck'), deadLetterArn: resources.asyncDlqs.slaCheck.arn },
      helpCenter: { bucket: resources.names.helpCenterBucket, site: edge.helpSite, publisherArn: standIns.invoke.arn('helpCenterPublish') },
      // The demo page this stack serves is always an allowed chat origin, on whichever port it got.
      demoOrigin: edge.web,
      ...(opts.envOverrides ? { overrides: opts.envOverrides } : {}),
    });
    for (const name of Object.keys(functionDefinitions) as FunctionName[]) {
      functions[name] = new LocalFunction(name, servers.bundles[name], envs[name], 4, opts.functionOutput ?? 'inherit');
      stops.add(() => functions[name].close());
    }
    const coldStarts = Object.fromEntries(
      await Promise.all((Object.keys(functions) as FunctionName[]).map(async (n) => [n, { coldStartMs: await functions[n].warm() }] as const)),
    ) as Record<FunctionName, { coldStartMs: number }>;

    const runner = new EventSourceRunner(servers.sqsClient, log, REGION, { onSend: servers.sqs.onSend });
    for (const [name, def] of Object.entries(queueDefinitions) as [QueueName, (typeof queueDefinitions)[QueueName]][]) {
      runner.start(resources.queues[name] as LocalQueue, functions[def.consumer], def);
    }
    stops.add(() => runner.stop());
    const webhooks = await startLocalWebhooks(config.events.webhooks, {
      sqs: servers.sqsClient,
      bus: standIns.eventBus,
      runner,
      consumer: functions.eventPublisher,
      prefix: config.stackName,
    });
    await startChangeFeeds(servers, resources, functions, stops, log);
    // As after a deployment: the shipped pages were written over the admins' ones (--data keeps them): render again.
    await functions.helpCenterPublish.invoke({ force: true, reason: 'start' });
    const smtp = await startSmtp(config, ports, stops, servers, resources, standIns);

    const info = { ...(await stackInfo(config, servers, resources, standIns, edge, coldStarts, smtp)), ...(webhooks ? { webhookQueue: webhooks } : {}) };
    return {
      info,
      config,
      auth: edge.auth,
      functions,
      envs,
      bundles: servers.bundles,
      socialProvider: standIns.socialProvider,
      websocketGateway: edge.websocketGateway,
      agentWebsocketGateway: edge.agentWebsocketGateway,
      eventBus: standIns.eventBus,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * 0 stays 0 until each server starts: a port chosen up front could be taken while the functions
 * bundle (by any process's outgoing connection). Servers that report their port listen on 0 itself.
 */
async function choosePorts(wanted: Partial<Record<PortName, number>> = {}): Promise<Record<PortName, number>> {
  const ports = {} as Record<PortName, number>;
  for (const name of Object.keys(DEFAULT_PORTS) as PortName[]) {
    ports[name] = wanted[name] ?? DEFAULT_PORTS[name];
    if (ports[name] !== 0) await assertPortFree(ports[name], name);
  }
  return ports;
}

/** DynamoDB Local, SQS, S3 and SES, started while the functions bundle. */
async function startStorageServers(opts: LocalStackOptions, ports: Record<PortName, number>, stops: Stops, buildDir: string, sourceMaps: boolean) {
  const dataDir = opts.dataDir;
  const results = await Promise.allSettled([
    stops.started(
      startOnPort(ports.dynamodb, (p) => startDynamoDbLocal(p, dataDir ? join(dataDir, 'dynamodb') : undefined)),
      (d) =>
        new Promise<void>((resolve) => {
          if (d.process.exitCode !== null) return resolve();
          d.process.once('exit', () => resolve());
          d.process.kill('SIGTERM');
        }),
    ),
    stops.started(
      startOnPort(ports.sqs, (p) => startSqsServer(p, dataDir ? { journalFile: join(dataDir, 'sqs', 'journal.jsonl') } : {})),
      (q) => q.close(),
    ),
    stops.started(
      startOnPort(ports.s3, (p) => startS3(p, dataDir)),
      (s) => s.stop(),
    ),
    stops.started(startSes(ports.ses), (s) => s.stop()),
    bundleFunctions(opts.projectRoot, buildDir, { sourceMaps }),
  ]);
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  const [dynamo, sqs, s3, ses, bundles] = results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
    Awaited<ReturnType<typeof startDynamoDbLocal>>,
    Awaited<ReturnType<typeof startSqsServer>>,
    Awaited<ReturnType<typeof startS3>>,
    Awaited<ReturnType<typeof startSes>>,
    Awaited<ReturnType<typeof bundleFunctions>>,
  ];
  const credentials = LOCAL_CREDENTIALS;
  return {
    dynamo,
    sqs,
    s3,
    ses,
    bundles,
    dynamoClient: new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials }),
    sqsClient: new SQSClient({ region: REGION, endpoint: sqs.endpoint, credentials }),
  };
}
type StorageServers = Awaited<ReturnType<typeof startStorageServers>>;

/** The table, queues, buckets and demo orders the CDK stack would create. */
async function createResources(config: DestekConfig, servers: StorageServers, dataDir: string | undefined, log: (line: string) => void) {
  const names = localResourceNames(config);
  await ensureTable(servers.dynamoClient, names.tableName);
  const queues = await createQueues(servers.sqsClient, config.stackName);
  // With --data, what was queued when the last run ended (or crashed) is put back before anything polls.
  const restored = servers.sqs.restore();
  if (restored) log(`restored ${restored} queued message${restored === 1 ? '' : 's'} from ${join(dataDir!, 'sqs')}`);
  const asyncDlqs = await createAsyncDeadLetterQueues(servers.sqsClient, config.stackName);
  await ensureBucket(servers.s3.endpoint, names.attachmentsBucket);
  await ensureBucket(servers.s3.endpoint, names.helpCenterBucket);
  if (names.inboundMailBucket) await ensureBucket(servers.s3.endpoint, names.inboundMailBucket);
  // Order data for order-status answers: the orders table with the demo orders, unless the
  // configuration points at the shop's own HTTP endpoint.
  if (names.ordersTableName) {
    await ensureTable(servers.dynamoClient, names.ordersTableName, ordersTableSchema);
    await seedDemoOrders(createDocumentClient({ region: REGION, endpoint: servers.dynamo.endpoint, credentials: LOCAL_CREDENTIALS }), names.ordersTableName);
  }
  return { names, queues, asyncDlqs };
}
type Resources = Awaited<ReturnType<typeof createResources>>;

/** The AWS services besides storage: Lambda Invoke, Lex, Scheduler, Secrets Manager, and the fake social provider. */
async function startStandIns(
  config: DestekConfig,
  opts: LocalStackOptions,
  ports: Record<PortName, number>,
  stops: Stops,
  functions: Record<FunctionName, LocalFunction>,
  sqsClient: SQSClient,
  resources: Resources,
  log: (line: string) => void,
) {
  const credentials = LOCAL_CREDENTIALS;
  const invoke = new LocalLambdaInvoke(functions, sqsClient, {
    region: REGION,
    account: LOCAL_ACCOUNT,
    asyncConfig: Object.fromEntries(
      asyncFunctionNames.map((n) => [n, { retryAttempts: asyncInvocationDefinitions[n].retryAttempts, deadLetterQueueUrl: resources.asyncDlqs[n].url }]),
    ),
    log,
  });
  const lambda = await invoke.listen(ports.lambda);
  stops.add(() => invoke.close());
  const lambdaClient = new LambdaClient({ region: REGION, endpoint: lambda, credentials });

  // Locales that Lex answers in AWS are answered locally by the built-in recognizer behind Lex's
  // own RecognizeText API, so the pipeline's Lex adapter runs unchanged.
  let lex: string | undefined;
  if (Object.values(config.brain.engines).includes('lex')) {
    const recognizer = new BuiltinRecognizer(loadModel(opts.projectRoot), {
      orderNumberPattern: config.brain.orderNumberPattern,
      outOfScopeBelow: config.brain.outOfScopeBelow,
    });
    const server = await startLexRuntimeServer({ port: ports.lex, intents: loadIntents(), classify: (text) => recognizer.classify(text) });
    stops.add(() => server.close());
    lex = server.endpoint;
  }

  // The social providers, faked over HTTP: the functions' base URLs and the stack secret point at it.
  const socialSecrets = config.social?.localSecrets ?? DEFAULT_LOCAL_SOCIAL_SECRETS;
  const socialProvider = new SocialProviderServer(socialSecrets);
  await socialProvider.listen(ports.social);
  stops.add(() => socialProvider.close());

  // The stack's one secret, as in AWS: the master key and the social providers' values.
  const masterKey = localMasterKey(opts.dataDir);
  const secrets = new LocalSecretsManager({ credentials, region: REGION, service: 'secretsmanager' }, LOCAL_ACCOUNT);
  const stackSecretArn = secrets.put(`${config.stackName}-secret`, JSON.stringify({ ...socialSecrets, [MASTER_KEY_FIELD]: masterKey }));
  for (const w of config.events.webhooks) secrets.put(w.secretName, localWebhookSecret(w));
  const secretsManager = await secrets.listen(ports.secrets);
  stops.add(() => secrets.close());

  // Ticket SLA timers: the stand-in invokes the checker with each due schedule's input.
  const schedulerServer = new LocalScheduler(sqsClient, lambdaClient, {
    region: REGION,
    account: LOCAL_ACCOUNT,
    ...(opts.dataDir ? { dataFile: join(opts.dataDir, 'scheduler', 'schedules.json') } : {}),
    log,
  });
  const scheduler = await schedulerServer.listen(ports.scheduler);
  stops.add(() => schedulerServer.close());

  // The shop's event bus: keeps what is published (destek events tail reads it).
  const eventBus = new LocalEventBridge({ credentials, region: REGION, service: 'events' }, LOCAL_ACCOUNT, localResourceNames(config).eventBusName, log);
  const events = await eventBus.listen(ports.events);
  stops.add(() => eventBus.close());
  return { invoke, lambda, lambdaClient, lex, socialProvider, masterKey, stackSecretArn, secretsManager, scheduler, eventBus, events };
}
type StandIns = Awaited<ReturnType<typeof startStandIns>>;

/**
 * The HTTP and WebSocket gateways and the demo page. They listen before the functions exist (a request
 * fails until then): the functions' environment names the ports they got.
 */
async function startEdge(
  config: DestekConfig,
  opts: LocalStackOptions,
  ports: Record<PortName, number>,
  stops: Stops,
  functions: Record<FunctionName, LocalFunction>,
  buildDir: string,
  masterKey: string,
  /**
   * The S3 stand-in: the console's signed file links point there (its Content-Security-Policy lets
   * images load from it), and the help center is served from its bucket there, as CloudFront serves it.
   */
  storage: { readonly s3: S3Client; readonly origin: string; readonly bucket: string },
  log: (line: string) => void,
) {
  const storageOrigin = storage.origin;
  const auth = await LocalAgentAuth.create(config.agents.localIssuer, config.agents.localAudience, opts.dataDir);
  const gateway = new LocalGateway(routeDefinitions, functions, auth, log, { allowOrigins: config.chat.allowedOrigins });
  const apiPort = await gateway.listen(ports.api);
  stops.add(() => gateway.close());
  const websocketGateway = new LocalWebSocketGateway(websocketRouteDefinitions, functions, log, {
    credentials: LOCAL_CREDENTIALS,
    region: REGION,
    service: 'execute-api',
  });
  const wsPort = await websocketGateway.listen(ports.ws);
  stops.add(() => websocketGateway.close());
  // The agents' live socket: an API of its own, as in AWS (lib/constructs/agent-live.ts).
  const agentWebsocketGateway = new LocalWebSocketGateway(agentWebsocketRouteDefinitions, functions, log, {
    credentials: LOCAL_CREDENTIALS,
    region: REGION,
    service: 'execute-api',
  });
  const agentWsPort = await agentWebsocketGateway.listen(ports.live);
  stops.add(() => agentWebsocketGateway.close());
  const api = `http://127.0.0.1:${apiPort}`;
  const widgetFile = await buildWidget(opts.projectRoot, join(buildDir, 'web', 'widget.js'), config.chat.widget);
  const consoleDir = await buildConsole(opts.projectRoot, join(buildDir, 'console'));
  const helpCenterDir = join(buildDir, 'help');
  const helpFiles = new S3HelpFiles(storage.s3, storage.bucket);
  const web = await startWebServer(ports.web, {
    widgetFile,
    apiUrl: api,
    shopSecret: deriveKey(masterKey, 'chat-shop'),
    console: {
      dir: consoleDir,
      config: {
        apiUrl: api,
        liveUrl: agentWebsocketGateway.url,
        auth: { kind: 'local', tokenUrl: './local-sign-in' },
        shopName: config.shop.name,
        helpUrl: '/help/',
      },
      csp: consoleContentSecurityPolicy({ connect: [api, storageOrigin, agentWebsocketGateway.url], images: [storageOrigin] }),
      // As the user pool does: the post-authentication trigger records the sign-in, then the token.
      signIn: async (as) => {
        await functions.signInAudit.invoke(postAuthenticationEvent(LOCAL_AGENTS[as]));
        return auth.sign(LOCAL_AGENTS[as]);
      },
    },
    helpCenter: {
      read: (path) => helpFiles.read(path),
      csp: helpCenterContentSecurityPolicy({ scripts: [], connect: [api, websocketGateway.url], images: [storageOrigin] }),
    },
    agentKeys: () => auth.jwks(),
  });
  // Built once the web server has its address: the pages' canonical and hreflang URLs are absolute.
  const baseUrl = `${web.url}/help/`;
  const built = await buildHelpCenter({
    projectRoot: opts.projectRoot,
    outDir: helpCenterDir,
    knownIntents: new Set(loadIntents().map((i) => i.name)),
    settings: { baseUrl, ...helpCenterSiteSettings(config), chat: { widgetUrl: '/widget.js', apiUrl: api } },
  });
  // As the deployment does: the shipped site into the bucket; the publisher renders the admins' articles over it.
  const siteS3 = new SiteS3Client({ region: REGION, endpoint: storage.origin, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  await new S3SiteTarget(siteS3, storage.bucket, '', ARTICLE_LOCALES).write(new Map(built.map((f) => [f, readFileSync(join(helpCenterDir, f), 'utf8')])));
  const helpSite = { baseUrl, ...siteAssetPaths(built) };
  stops.add(() => {
    web.server.closeAllConnections();
    return new Promise<void>((r) => web.server.close(() => r()));
  });
  return { auth, api, apiPort, wsPort, websocketGateway, agentWsPort, agentWebsocketGateway, web: web.url, helpSite };
}

/** The table's change feeds (DynamoDB Local's stream), read and filtered as Lambda's event source mapping does. */
async function startChangeFeeds(
  servers: StorageServers,
  resources: Resources,
  functions: Record<FunctionName, LocalFunction>,
  stops: Stops,
  log: (line: string) => void,
): Promise<void> {
  const streams = new DynamoDBStreamsClient({ region: REGION, endpoint: servers.dynamo.endpoint, credentials: LOCAL_CREDENTIALS });
  for (const name of Object.keys(changeFeedDefinitions) as ChangeFeedName[]) {
    const def = changeFeedDefinitions[name];
    const feed = new LocalChangeFeed(streams, servers.dynamoClient, resources.names.tableName, functions[def.function], def, log, REGION);
    await feed.start();
    stops.add(() => feed.stop());
  }
}

/** SES inbound: mail to the support addresses goes to S3, then to the ingest function, as SES sends it. */
async function startSmtp(
  config: DestekConfig,
  ports: Record<PortName, number>,
  stops: Stops,
  servers: StorageServers,
  resources: Resources,
  standIns: StandIns,
) {
  const bucket = resources.names.inboundMailBucket;
  if (!config.email || !bucket) return undefined;
  const smtp = await startLocalSmtp({
    port: ports.smtp,
    s3: new S3Client({ region: REGION, endpoint: servers.s3.endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS }),
    bucket,
    lambda: standIns.lambdaClient,
    functionArn: standIns.invoke.arn('emailIngest'),
    domains: [...new Set(config.email.supportAddresses.map((a) => a.slice(a.lastIndexOf('@') + 1)))],
    maxMessageBytes: config.email.limits.maxMessageBytes,
  });
  stops.add(() => smtp.close());
  return smtp;
}

/** What runs where, as `destek start` prints it and writes .destek/local.json. */
async function stackInfo(
  config: DestekConfig,
  servers: StorageServers,
  resources: Resources,
  standIns: StandIns,
  edge: Awaited<ReturnType<typeof startEdge>>,
  coldStarts: Record<FunctionName, { coldStartMs: number }>,
  smtp: Awaited<ReturnType<typeof startSmtp>>,
): Promise<LocalStackInfo> {
  return {
    stackName: config.stackName,
    region: REGION,
    api: edge.api,
    dynamodb: servers.dynamo.endpoint,
    sqs: servers.sqs.endpoint,
    s3: servers.s3.endpoint,
    ses: servers.ses.endpoint,
    ...(standIns.lex ? { lex: standIns.lex } : {}),
    scheduler: standIns.scheduler,
    secretsManager: standIns.secretsManager,
    events: standIns.events,
    eventBusName: resources.names.eventBusName,
    tableName: resources.names.tableName,
    attachmentsBucket: resources.names.attachmentsBucket,
    ...(resources.names.ordersTableName ? { ordersTableName: resources.names.ordersTableName } : {}),
    queues: Object.fromEntries(Object.entries(resources.queues).map(([k, q]) => [k, { url: q.url, dlqUrl: q.dlqUrl }])) as LocalStackInfo['queues'],
    lambda: standIns.lambda,
    asyncDeadLetterQueues: Object.fromEntries(
      asyncFunctionNames.map((n) => [n, { url: resources.asyncDlqs[n].url }]),
    ) as LocalStackInfo['asyncDeadLetterQueues'],
    agentToken: await edge.auth.sign({ sub: 'local-agent', email: 'agent@destek.local', groups: ['agent', 'admin'] }),
    consoleUrl: `${edge.web}/console/?as=agent`,
    consoleAdminUrl: `${edge.web}/console/?as=admin`,
    helpCenterUrl: `${edge.web}/help/`,
    functions: coldStarts,
    ...(smtp && config.email
      ? { smtp: smtp.endpoint, smtpPort: smtp.port, inboundMailBucket: resources.names.inboundMailBucket!, supportAddresses: config.email.supportAddresses }
      : {}),
    socialProvider: standIns.socialProvider.url,
    websocket: edge.websocketGateway.url,
    websocketCallback: edge.websocketGateway.callbackUrl,
    agentLive: edge.agentWebsocketGateway.url,
    web: edge.web,
    demoPage: `${edge.web}/`,
    chatShopSecret: deriveKey(standIns.masterKey, 'chat-shop'),
  };
}
