import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig, DEFAULT_CONFIG_FILE, type DestekConfig } from '../lambdas/config/config';
import { runtimeSettings } from '../lambdas/config/settings';
import { bindingEnv, functionDefinitions, type FunctionName } from '../lambdas/definitions/functions';
import { queueDefinitions, type QueueName } from '../lambdas/definitions/queues';
import { routeDefinitions } from '../lambdas/definitions/routes';
import { LocalAgentAuth } from './auth';
import { bundleFunctions } from './bundle';
import { assertJava, ensureTable, startDynamoDbLocal } from './dynamodb';
import { LocalFunction } from './functions';
import { LocalGateway } from './gateway';
import { assertPortFree, freePort } from './net';
import { EventSourceRunner } from './runner';
import { createQueues, startSqsServer, type LocalQueue } from './sqs';
import { ensureBucket, LOCAL_CREDENTIALS, startS3 } from './storage';
import { startSes } from './ses';
import { startLexRuntimeServer } from './lex-runtime';
import { createDocumentClient } from '../lambdas/adapters/dynamodb-client';
import { seedDemoOrders } from '../lambdas/adapters/orders-seed';
import { BuiltinRecognizer } from '../lambdas/brain/recognizer';
import { loadModel } from '../lambdas/brain/load-model';
import { loadIntents } from '../lambdas/definitions/bot/load';
import { ordersTableSchema } from '../lambdas/definitions/table';
import { S3Client } from '@aws-sdk/client-s3';
import { startLocalSmtp } from './smtp';
import { agentApiEnv } from './agent-api';

import { DEFAULT_LOCAL_SOCIAL_SECRETS, socialSettings } from '../lambdas/channels/social/config';
import { SocialProviderServer } from './social-provider';
import { LocalScheduler } from './scheduler';

import { websocketRouteDefinitions } from '../lambdas/definitions/websocket-routes';
import { buildWidget } from '../lambdas/definitions/widget';
import { chatSecrets } from './chat-secrets';
import { startWebServer } from './web';
import { LocalWebSocketGateway, LOCAL_WEBSOCKET_STAGE } from './websocket-gateway';

export const DEFAULT_PORTS = { api: 8420, dynamodb: 8421, sqs: 8422, s3: 8423, ses: 8424, lex: 8425, smtp: 8426, ws: 8427, web: 8428, social: 8429, scheduler: 8430 } as const;
export type PortName = keyof typeof DEFAULT_PORTS;

export interface LocalStackOptions {
  readonly projectRoot: string;
  readonly configFile?: string;
  /** Keep DynamoDB data, S3 objects and the signing key here between runs; in memory when unset. */
  readonly dataDir?: string;
  /** Ports to use; 0 picks a free one. Defaults to DEFAULT_PORTS. */
  readonly ports?: Partial<Record<PortName, number>>;
  /** Where the stack's own progress lines go. */
  readonly log?: (line: string) => void;
  /** What happens to the functions' own output (structured logs): printed, or dropped. */
  readonly functionOutput?: 'inherit' | 'silent';
  /** Overrides of the functions' environment (e.g. POWERTOOLS_LOG_LEVEL in tests). */
  readonly envOverrides?: Record<string, string>;
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
  readonly tableName: string;
  /** The bucket for files customers send (AWS: SupportData's attachments bucket). */
  readonly attachmentsBucket: string;
  readonly ordersTableName?: string;
  readonly queues: Record<QueueName, { url: string; dlqUrl: string }>;
  readonly agentToken: string;
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
  /** The environment the functions run with (endpoints, names, settings). */
  readonly env: Record<string, string>;
  /** Each function's bundle, as the local instances import it. */
  readonly bundles: Record<FunctionName, string>;
  readonly socialProvider: SocialProviderServer;
  readonly websocketGateway: LocalWebSocketGateway;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';
/** The account id the local ARNs carry. */
const LOCAL_ACCOUNT = '000000000000';

/** The sla:schedule binding's variables: a local group name, the SLA queue and DLQ, a stand-in role. */
function slaScheduleEnv(stackName: string, sla: LocalQueue): Record<string, string> {
  const values = [`${stackName}-sla-local`, sla.arn, `arn:aws:iam::${LOCAL_ACCOUNT}:role/${stackName}-scheduler-local`, sla.dlqArn];
  return Object.fromEntries(bindingEnv['sla:schedule'].map((name, i) => [name, values[i]!]));
}

/**
 * Starts the whole pipeline on local servers that speak the AWS protocols, running the same function
 * bundles with the same routes, queues and table as the CDK stack. Everything it starts, stop() ends.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const log = opts.log ?? (() => {});
  const config = loadConfig(opts.configFile ?? DEFAULT_CONFIG_FILE, opts.projectRoot);
  assertJava();
  const ports = {} as Record<PortName, number>;
  for (const name of Object.keys(DEFAULT_PORTS) as PortName[]) {
    const wanted = opts.ports?.[name] ?? DEFAULT_PORTS[name];
    if (wanted === 0) ports[name] = await freePort();
    else {
      await assertPortFree(wanted, name);
      ports[name] = wanted;
    }
  }

  const stops: (() => Promise<unknown> | void)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await Promise.resolve(s()).catch(() => undefined);
    stops.length = 0;
  };
  try {
    const buildDir = mkdtempSync(join(tmpdir(), 'destek-build-'));
    stops.push(() => rmSync(buildDir, { recursive: true, force: true }));

    log('starting DynamoDB Local, SQS, S3 and SES; bundling functions');
    // Each server registers its stop as soon as it is up, so a failure of another leaves nothing behind.
    const started = <T>(p: Promise<T>, stopIt: (v: T) => Promise<unknown> | void) =>
      p.then((v) => {
        stops.push(() => stopIt(v));
        return v;
      });
    const results = await Promise.allSettled([
      started(startDynamoDbLocal(ports.dynamodb, opts.dataDir ? join(opts.dataDir, 'dynamodb') : undefined), (d) =>
        new Promise<void>((resolve) => {
          if (d.process.exitCode !== null) return resolve();
          d.process.once('exit', () => resolve());
          d.process.kill('SIGTERM');
        }),
      ),
      started(startSqsServer(ports.sqs), (q) => new Promise<void>((r) => q.server.close(() => r()))),
      started(startS3(ports.s3, opts.dataDir), (s) => s.stop()),
      started(startSes(ports.ses), (s) => s.stop()),
      bundleFunctions(opts.projectRoot, buildDir),
    ]);
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw (failure as PromiseRejectedResult).reason;
    const [dynamo, sqsServer, s3, ses, bundles] = results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
      Awaited<ReturnType<typeof startDynamoDbLocal>>,
      Awaited<ReturnType<typeof startSqsServer>>,
      Awaited<ReturnType<typeof startS3>>,
      Awaited<ReturnType<typeof startSes>>,
      Awaited<ReturnType<typeof bundleFunctions>>,
    ];

    const credentials = LOCAL_CREDENTIALS;
    const tableName = `${config.stackName}-local`;
    const dynamoClient = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials });
    const sqs = new SQSClient({ region: REGION, endpoint: sqsServer.endpoint, credentials });
    await ensureTable(dynamoClient, tableName);
    const queues = await createQueues(sqs, config.stackName);
    const attachmentsBucket = `${config.stackName.toLowerCase()}-attachments-local`;
    await ensureBucket(s3.endpoint, attachmentsBucket);
    const inboundMailBucket = config.email ? `${config.stackName.toLowerCase()}-inbound-mail-local` : undefined;
    if (inboundMailBucket) await ensureBucket(s3.endpoint, inboundMailBucket);

    // Order data for order-status answers: the orders table with the demo orders, unless the
    // configuration points at the shop's own HTTP endpoint.
    let ordersTableName: string | undefined;
    if (config.orders.source === 'dynamodb') {
      ordersTableName = `${config.stackName}-orders-local`;
      await ensureTable(dynamoClient, ordersTableName, ordersTableSchema);
      await seedDemoOrders(createDocumentClient(dynamoClient), ordersTableName);
    }

    // Locales that Lex answers in AWS are answered locally by the built-in recognizer behind Lex's
    // own RecognizeText API, so the pipeline's Lex adapter runs unchanged.
    let lex: { endpoint: string } | undefined;
    if (Object.values(config.brain.engines).includes('lex')) {
      const recognizer = new BuiltinRecognizer(loadModel(opts.projectRoot), {
        orderNumberPattern: config.brain.orderNumberPattern,
        outOfScopeBelow: config.brain.outOfScopeBelow,
      });
      const server = await startLexRuntimeServer({ port: ports.lex, intents: loadIntents(), classify: (text) => recognizer.classify(text) });
      stops.push(() => server.close());
      lex = server;
    }

    // The social providers, faked over HTTP: the functions' base URLs and secrets point at it.
    const socialSecrets = config.social?.localSecrets ?? DEFAULT_LOCAL_SOCIAL_SECRETS;
    const socialProvider = new SocialProviderServer(socialSecrets);
    await socialProvider.listen(ports.social);
    stops.push(() => socialProvider.close());

    // Ticket SLA timers: the stand-in sends each due schedule's input to the SLA queue.
    const scheduler = new LocalScheduler(sqs, {
      region: REGION,
      account: LOCAL_ACCOUNT,
      ...(opts.dataDir ? { dataFile: join(opts.dataDir, 'scheduler', 'schedules.json') } : {}),
      log,
    });
    const schedulerUrl = await scheduler.listen(ports.scheduler);
    stops.push(() => scheduler.close());

    const chat = chatSecrets(opts.dataDir);
    const widgetFile = await buildWidget(opts.projectRoot, join(buildDir, 'web', 'widget.js'));
    const baseEnv: Record<string, string> = {
      ...runtimeSettings(config),
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsServer.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      AWS_ENDPOINT_URL_SCHEDULER: schedulerUrl,
      // EMF metrics are CloudWatch's business; locally they would only bury the logs.
      POWERTOOLS_METRICS_DISABLED: 'true',
      // No X-Ray daemon here: the tracer stays off whatever observability.tracing says.
      POWERTOOLS_TRACE_ENABLED: 'false',
      // The functions stand in for Lambda's nodejs22.x: the SDK's warning about this machine's Node 20 is not theirs.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      [bindingEnv['table:read'][0]]: tableName,
      [bindingEnv['inbound:send'][0]]: queues.inbound.url,
      [bindingEnv['outbound:send'][0]]: queues.outbound.url,
      [bindingEnv['attachments:readwrite'][0]]: attachmentsBucket,
      ...(ordersTableName ? { [bindingEnv['orders:read'][0]]: ordersTableName } : {}),
      [bindingEnv['social:send'][0]]: queues.social.url,
      ...slaScheduleEnv(config.stackName, queues.sla),
      SOCIAL_SECRETS: JSON.stringify(socialSecrets),
      SOCIAL_SETTINGS: JSON.stringify({ ...socialSettings(config.social), graphBaseUrl: socialProvider.graphBaseUrl, telegramBaseUrl: socialProvider.url }),
      ...(lex ? { AWS_ENDPOINT_URL_LEX_RUNTIME_V2: lex.endpoint, LEX_BOT_ID: 'LOCALBOT01', LEX_BOT_ALIAS_ID: 'LOCALALIAS' } : {}),
      ...(inboundMailBucket ? { [bindingEnv['inboundmail:read'][0]]: inboundMailBucket } : {}),
      ...(config.email?.replyTokenSecret ? { REPLY_TOKEN_SECRET: config.email.replyTokenSecret } : {}),
      CHAT_CALLBACK_URL: `http://127.0.0.1:${ports.ws}/${LOCAL_WEBSOCKET_STAGE}`,
      CHAT_TOKEN_SECRET: chat.tokenSecret,
      CHAT_SHOP_SECRET: chat.shopSecret,
      CHAT_WEBSOCKET_URL: `ws://127.0.0.1:${ports.ws}`,
      ...agentApiEnv(ports.api),
      ...opts.envOverrides,
    };
    const functions = {} as Record<FunctionName, LocalFunction>;
    for (const name of Object.keys(functionDefinitions) as FunctionName[]) {
      const def = functionDefinitions[name];
      const env = {
        ...baseEnv,
        AWS_LAMBDA_FUNCTION_NAME: name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(def.memoryMb),
        PATH: process.env.PATH ?? '',
      };
      functions[name] = new LocalFunction(name, bundles[name], env, 4, opts.functionOutput ?? 'inherit');
      stops.push(() => functions[name].close());
    }
    const coldStarts = Object.fromEntries(
      await Promise.all(
        (Object.keys(functions) as FunctionName[]).map(async (n) => [n, { coldStartMs: await functions[n].warm() }] as const),
      ),
    ) as Record<FunctionName, { coldStartMs: number }>;

    const runner = new EventSourceRunner(sqs, log, REGION, { onSend: sqsServer.onSend });
    for (const [name, def] of Object.entries(queueDefinitions) as [QueueName, (typeof queueDefinitions)[QueueName]][]) {
      runner.start(queues[name] as LocalQueue, functions[def.consumer], def);
    }
    stops.push(() => runner.stop());

    let smtp: Awaited<ReturnType<typeof startLocalSmtp>> | undefined;
    if (config.email && inboundMailBucket) {
      smtp = await startLocalSmtp({
        port: ports.smtp,
        s3: new S3Client({ region: REGION, endpoint: s3.endpoint, forcePathStyle: true, credentials }),
        bucket: inboundMailBucket,
        sqs,
        queueUrl: queues.email.url,
        domains: [...new Set(config.email.supportAddresses.map((a) => a.slice(a.lastIndexOf('@') + 1)))],
        maxMessageBytes: config.email.limits.maxMessageBytes,
      });
      stops.push(() => smtp!.close());
    }

    const auth = await LocalAgentAuth.create(config.agents.localIssuer, config.agents.localAudience, opts.dataDir);
    const gateway = new LocalGateway(routeDefinitions, functions, auth, log, { allowOrigins: config.chat.allowedOrigins });
    const apiPort = await gateway.listen(ports.api);
    stops.push(() => gateway.close());
    socialProvider.setWebhookTarget(`http://127.0.0.1:${apiPort}`);
    const websocketGateway = new LocalWebSocketGateway(websocketRouteDefinitions, functions, log);
    await websocketGateway.listen(ports.ws);
    stops.push(() => websocketGateway.close());
    const web = await startWebServer(ports.web, { widgetFile, apiUrl: `http://127.0.0.1:${apiPort}`, shopSecret: chat.shopSecret });
    stops.push(() => {
      web.server.closeAllConnections();
      return new Promise<void>((r) => web.server.close(() => r()));
    });
    const agentToken = await auth.sign({ sub: 'local-agent', email: 'agent@destek.local', groups: ['agent', 'admin'] });

    const info: LocalStackInfo = {
      stackName: config.stackName,
      region: REGION,
      api: `http://127.0.0.1:${apiPort}`,
      dynamodb: dynamo.endpoint,
      sqs: sqsServer.endpoint,
      s3: s3.endpoint,
      ses: ses.endpoint,
      ...(lex ? { lex: lex.endpoint } : {}),
      scheduler: schedulerUrl,
      tableName,
      attachmentsBucket,
      ...(ordersTableName ? { ordersTableName } : {}),
      queues: Object.fromEntries(
        Object.entries(queues).map(([k, q]) => [k, { url: q.url, dlqUrl: q.dlqUrl }]),
      ) as LocalStackInfo['queues'],
      agentToken,
      functions: coldStarts,
      ...(smtp && config.email ? { smtp: smtp.endpoint, smtpPort: smtp.port, inboundMailBucket, supportAddresses: config.email.supportAddresses } : {}),
      socialProvider: socialProvider.url,
      websocket: websocketGateway.url,
      websocketCallback: websocketGateway.callbackUrl,
      web: web.url,
      demoPage: `${web.url}/`,
      chatShopSecret: chat.shopSecret,
    };
    return { info, config, auth, functions, env: baseEnv, bundles, socialProvider, websocketGateway, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
