import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig, DEFAULT_CONFIG_FILE, type DestekConfig } from '../lambdas/config/config';
import { functionDefinitions, type FunctionName } from '../lambdas/definitions/functions';
import { queueDefinitions, type QueueName } from '../lambdas/definitions/queues';
import { routeDefinitions } from '../lambdas/definitions/routes';
import { LocalAgentAuth } from './auth';
import { bundleFunctions } from './bundle';
import { assertJava, ensureTable, startDynamoDbLocal } from './dynamodb';
import { LocalFunction } from './functions';
import { LocalGateway } from './gateway';
import { assertPortFree, startOnPort } from './net';
import { EventSourceRunner } from './runner';
import { createAsyncDeadLetterQueues, createQueues, startSqsServer, type LocalDeadLetterQueue, type LocalQueue } from './sqs';
import { LocalLambdaInvoke } from './lambda-invoke';
import { asyncFunctionNames, asyncInvocationDefinitions, type AsyncFunctionName } from '../lambdas/definitions/async-invocations';
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
import { localFunctionEnv, localResourceNames, LOCAL_ACCOUNT } from './function-env';

import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '../lambdas/channels/social/config';
import { SocialProviderServer } from './social-provider';
import { LocalScheduler } from './scheduler';

import { websocketRouteDefinitions } from '../lambdas/definitions/websocket-routes';
import { buildWidget } from '../lambdas/definitions/widget';
import { localMasterKey } from './chat-secrets';
import { deriveKey, MASTER_KEY_ENV } from '../lambdas/config/keys';
import { startWebServer } from './web';
import { LocalWebSocketGateway } from './websocket-gateway';

export const DEFAULT_PORTS = { api: 8420, dynamodb: 8421, sqs: 8422, s3: 8423, ses: 8424, lex: 8425, smtp: 8426, ws: 8427, web: 8428, social: 8429, scheduler: 8430, lambda: 8431 } as const;
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
  /** The Lambda Invoke stand-in (AWS_ENDPOINT_URL_LAMBDA): asynchronous invocations with retries. */
  readonly lambda: string;
  /** Where each asynchronously invoked function's failed invocations end (its on-failure destination). */
  readonly asyncDeadLetterQueues: Record<AsyncFunctionName, { url: string }>;
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

/**
 * Starts the whole pipeline on local servers that speak the AWS protocols, running the same function
 * bundles with the same routes, queues and table as the CDK stack. Everything it starts, stop() ends.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const log = opts.log ?? (() => {});
  const config = loadConfig(opts.configFile ?? DEFAULT_CONFIG_FILE, opts.projectRoot);
  assertJava();
  // 0 stays 0 until each server starts: a port chosen up front could be taken while the functions
  // bundle (by any process's outgoing connection). Servers that report their port listen on 0 itself.
  const ports = {} as Record<PortName, number>;
  for (const name of Object.keys(DEFAULT_PORTS) as PortName[]) {
    ports[name] = opts.ports?.[name] ?? DEFAULT_PORTS[name];
    if (ports[name] !== 0) await assertPortFree(ports[name], name);
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
      started(startOnPort(ports.dynamodb, (p) => startDynamoDbLocal(p, opts.dataDir ? join(opts.dataDir, 'dynamodb') : undefined)), (d) =>
        new Promise<void>((resolve) => {
          if (d.process.exitCode !== null) return resolve();
          d.process.once('exit', () => resolve());
          d.process.kill('SIGTERM');
        }),
      ),
      started(startOnPort(ports.sqs, (p) => startSqsServer(p, opts.dataDir ? { journalFile: join(opts.dataDir, 'sqs', 'journal.jsonl') } : {})), (q) => q.close()),
      started(startOnPort(ports.s3, (p) => startS3(p, opts.dataDir)), (s) => s.stop()),
      started(startSes(ports.ses), (s) => s.stop()),
      bundleFunctions(opts.projectRoot, buildDir, { sourceMaps: config.observability.sourceMaps }),
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
    const names = localResourceNames(config);
    const { tableName, attachmentsBucket, inboundMailBucket } = names;
    const dynamoClient = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials });
    const sqs = new SQSClient({ region: REGION, endpoint: sqsServer.endpoint, credentials });
    await ensureTable(dynamoClient, tableName);
    const queues = await createQueues(sqs, config.stackName);
    // With --data, what was queued when the last run ended (or crashed) is put back before anything polls.
    const restored = sqsServer.restore();
    if (restored) log(`restored ${restored} queued message${restored === 1 ? '' : 's'} from ${join(opts.dataDir!, 'sqs')}`);
    const asyncDlqs = await createAsyncDeadLetterQueues(sqs, config.stackName);
    // Filled once the bundles are loaded; the Invoke stand-in answers 404 for a function not there yet.
    const functions = {} as Record<FunctionName, LocalFunction>;
    const invoke = new LocalLambdaInvoke(functions, sqs, {
      region: REGION,
      account: LOCAL_ACCOUNT,
      asyncConfig: Object.fromEntries(
        asyncFunctionNames.map((n) => [n, { retryAttempts: asyncInvocationDefinitions[n].retryAttempts, deadLetterQueueUrl: asyncDlqs[n].url }]),
      ),
      log,
    });
    const lambdaEndpoint = await invoke.listen(ports.lambda);
    stops.push(() => invoke.close());
    const lambdaClient = new LambdaClient({ region: REGION, endpoint: lambdaEndpoint, credentials });
    await ensureBucket(s3.endpoint, attachmentsBucket);
    if (inboundMailBucket) await ensureBucket(s3.endpoint, inboundMailBucket);

    // Order data for order-status answers: the orders table with the demo orders, unless the
    // configuration points at the shop's own HTTP endpoint.
    const ordersTableName = names.ordersTableName;
    if (ordersTableName) {
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

    // Ticket SLA timers: the stand-in invokes the checker with each due schedule's input.
    const scheduler = new LocalScheduler(sqs, lambdaClient, {
      region: REGION,
      account: LOCAL_ACCOUNT,
      ...(opts.dataDir ? { dataFile: join(opts.dataDir, 'scheduler', 'schedules.json') } : {}),
      log,
    });
    const schedulerUrl = await scheduler.listen(ports.scheduler);
    stops.push(() => scheduler.close());

    // The gateways and the demo page listen before the functions exist (a request fails until then):
    // the functions' environment names the ports they got.
    const auth = await LocalAgentAuth.create(config.agents.localIssuer, config.agents.localAudience, opts.dataDir);
    const gateway = new LocalGateway(routeDefinitions, functions, auth, log, { allowOrigins: config.chat.allowedOrigins });
    const apiPort = await gateway.listen(ports.api);
    stops.push(() => gateway.close());
    socialProvider.setWebhookTarget(`http://127.0.0.1:${apiPort}`);
    const websocketGateway = new LocalWebSocketGateway(websocketRouteDefinitions, functions, log, { credentials, region: REGION, service: 'execute-api' });
    const wsPort = await websocketGateway.listen(ports.ws);
    stops.push(() => websocketGateway.close());

    const masterKey = localMasterKey(opts.dataDir);
    const chatShopSecret = deriveKey(masterKey, 'chat-shop');
    const widgetFile = await buildWidget(opts.projectRoot, join(buildDir, 'web', 'widget.js'));
    const web = await startWebServer(ports.web, { widgetFile, apiUrl: `http://127.0.0.1:${apiPort}`, shopSecret: chatShopSecret });
    stops.push(() => {
      web.server.closeAllConnections();
      return new Promise<void>((r) => web.server.close(() => r()));
    });
    const baseEnv = localFunctionEnv({
      config,
      region: REGION,
      credentials,
      endpoints: { dynamodb: dynamo.endpoint, sqs: sqsServer.endpoint, s3: s3.endpoint, ses: ses.endpoint, scheduler: schedulerUrl, lambda: lambdaEndpoint, ...(lex ? { lex: lex.endpoint } : {}), apiPort, wsPort },
      ...names,
      queues,
      socialSecrets,
      socialProvider,
      masterKey,
      slaTarget: { functionArn: invoke.arn('slaCheck'), deadLetterArn: asyncDlqs.slaCheck.arn },
      ...(opts.envOverrides ? { overrides: opts.envOverrides } : {}),
    });
    // The demo page this stack serves is always an allowed chat origin, on whichever port it got.
    if (baseEnv.CHAT_ALLOWED_ORIGINS !== '*') baseEnv.CHAT_ALLOWED_ORIGINS = [baseEnv.CHAT_ALLOWED_ORIGINS, web.url].filter(Boolean).join(',');
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
        lambda: lambdaClient,
        functionArn: invoke.arn('emailIngest'),
        domains: [...new Set(config.email.supportAddresses.map((a) => a.slice(a.lastIndexOf('@') + 1)))],
        maxMessageBytes: config.email.limits.maxMessageBytes,
      });
      stops.push(() => smtp!.close());
    }

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
      lambda: lambdaEndpoint,
      asyncDeadLetterQueues: Object.fromEntries(asyncFunctionNames.map((n) => [n, { url: asyncDlqs[n].url }])) as LocalStackInfo['asyncDeadLetterQueues'],
      agentToken,
      functions: coldStarts,
      ...(smtp && config.email ? { smtp: smtp.endpoint, smtpPort: smtp.port, inboundMailBucket, supportAddresses: config.email.supportAddresses } : {}),
      socialProvider: socialProvider.url,
      websocket: websocketGateway.url,
      websocketCallback: websocketGateway.callbackUrl,
      web: web.url,
      demoPage: `${web.url}/`,
      chatShopSecret,
    };
    return { info, config, auth, functions, env: baseEnv, bundles, socialProvider, websocketGateway, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
