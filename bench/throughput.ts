/**
 * npm run bench: how many inbound messages a second the pipeline moves, next to a bare consumer that
 * does one PutItem a record, both as the local stack runs them: the deployed bundle in a local Lambda
 * instance, fed by the event-source runner from a FIFO queue of the local SQS server, writing to the
 * same DynamoDB Local. Rounds of the two alternate in one run, so both meet the same machine load.
 * Each round preloads its queue, then times the runner from start until the queue is empty.
 * Prints a table and writes bench/results/throughput.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DocumentClient } from '#adapters/aws/dynamodb';
import { SqsClient } from '#adapters/aws/sqs';
import { build } from 'esbuild';
import { sendFifoBatch, type FifoEntry } from '#adapters/fifo-queue';
import { seedDemoOrders } from '#adapters/orders-seed';
import { loadModel } from '#brain/load-model';
import { BuiltinRecognizer } from '#brain/recognizer';
import { loadConfig } from '#config/config';
import { messageKey, type InboundMessage } from '#core/messages';
import { loadIntents } from '#definitions/bot/load';
import { functionDefinitions } from '#definitions/functions';
import { FIFO_HIGH_THROUGHPUT, queueDefinitions } from '#definitions/queues';
import { ordersTableSchema } from '#definitions/table';
import { bundleFunctions, esbuildOptions } from '#local/bundle';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb';
import { LocalFunction } from '#local/functions';
import { localResourceNames } from '#local/function-env';
import { benchFunctionEnvs } from './function-envs';
import { startLexRuntimeServer } from '#local/lex-runtime';
import { freePort } from '#local/net';
import { EventSourceRunner } from '#local/runner';
import { LocalScheduler } from '#local/scheduler';
import { createQueues, startSqsServer, type LocalQueue } from '#local/sqs';
import { dynamoDbLocalScaling, profilePipeline, warmDynamoDbLocal } from './pipeline-profile';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const PROFILED = Number(process.env.BENCH_PROFILED ?? 80);
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 100);
const REGION = 'us-east-1';
const root = resolve(import.meta.dirname, '..');
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** What customers write: mostly Turkish (the built-in recognizer), some English (Lex's locale here). */
const TEXTS = [
  'Merhaba, 3 gün önce verdiğim 100003 numaralı siparişin kargosu hâlâ gelmedi. Kargo takip numarası nedir?',
  'Siparisim nerede? 100002 numarali siparis icin bilgi alabilir miyim',
  'Ürünü iade etmek istiyorum, beden olmadı. Nasıl iade edebilirim?',
  'Faturamı e-posta ile gönderebilir misiniz?',
  'Kartımdan iki kez ödeme çekilmiş, acil dönüş bekliyorum!',
  'Teşekkürler, çok yardımcı oldunuz.',
  'Hi, where is my order 100001? It has been a week.',
  'I would like to cancel my order please.',
];

/**
 * A realistic mix in FIFO groups: 60 % first messages of new conversations, 40 % follow-ups in a
 * conversation opened earlier in the same round (queued after its first message, in its group).
 */
function workload(n: number): FifoEntry[] {
  const conversations: string[] = [];
  return Array.from({ length: n }, (_, i) => {
    const followUp = i % 5 >= 3 && conversations.length > 0;
    const conv = followUp ? conversations[Math.floor(Math.random() * conversations.length)]! : `bench-${randomUUID()}`;
    if (!followUp) conversations.push(conv);
    const msg: InboundMessage = {
      channel: 'chat',
      channelMessageId: `${conv}/${randomUUID()}`,
      from: { address: conv, name: 'Bench Müşteri' },
      conversationKey: conv,
      text: TEXTS[i % TEXTS.length]!,
      attachments: [],
      receivedAt: new Date().toISOString(),
      localeHint: 'tr-TR',
    };
    return { body: msg, groupId: `${msg.channel}#${msg.conversationKey}`, deduplicationId: messageKey(msg) };
  });
}

/** The bare consumer, bundled exactly as the functions are. */
async function bundleBare(outDir: string): Promise<string> {
  const outfile = join(outDir, 'bare', 'index.mjs');
  await build(esbuildOptions(join(root, 'bench/bare-handler.ts'), outfile, { sourceMaps: false }, root));
  return outfile;
}

async function createFifoQueue(sqs: SQSClient, name: string): Promise<Pick<LocalQueue, 'url' | 'name'>> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}.fifo`,
      Attributes: {
        FifoQueue: 'true',
        ContentBasedDeduplication: 'false',
        DeduplicationScope: FIFO_HIGH_THROUGHPUT.deduplicationScope,
        FifoThroughputLimit: FIFO_HIGH_THROUGHPUT.fifoThroughputLimit,
        VisibilityTimeout: String(queueDefinitions.inbound.visibilityTimeoutSeconds),
      },
    }),
  );
  return { url: QueueUrl!, name };
}

async function queued(sqs: SQSClient, url: string): Promise<number> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
  // This server counts in-flight messages here too: 0 means every message was processed and deleted.
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
}

interface Consumer {
  readonly label: string;
  readonly fn: LocalFunction;
}

let queueCount = 0;

/**
 * One round: preload a queue of its own, start a runner on it, time until it is empty. Messages per
 * second. A fresh queue each round: the local SQS server's cost per call grows with what a queue has
 * held, which would slow later rounds for a reason that is not the consumer's.
 */
async function runRound(producer: SqsClient, sqs: SQSClient, sqsServer: { onSend: (l: () => void) => () => void }, c: Consumer, n: number): Promise<number> {
  const queue = await createFifoQueue(sqs, `bench-${c.label}-${++queueCount}`);
  await sendFifoBatch(producer, queue.url, workload(n));
  const failures: string[] = [];
  const runner = new EventSourceRunner(sqs, (line) => line.includes('failed') && failures.push(line), REGION, { onSend: sqsServer.onSend });
  const started = performance.now();
  runner.start(queue, c.fn, queueDefinitions.inbound);
  try {
    while ((await queued(sqs, queue.url)) > 0) {
      // A failed record returns only after the visibility timeout: the round is void, say why.
      if (failures.length) throw new Error(`${c.label}: ${failures[0]}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return n / ((performance.now() - started) / 1000);
  } finally {
    await runner.stop();
  }
}

async function main() {
  const config = loadConfig('destek.config.json', root);
  const dynamo = await startDynamoDbLocal(await freePort());
  const sqsServer = await startSqsServer(await freePort());
  const buildDir = mkdtempSync(join(tmpdir(), 'destek-throughput-'));
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const sqs = new SQSClient({ region: REGION, endpoint: sqsServer.endpoint, credentials });
    const raw = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials });
    const doc = new DocumentClient({ region: REGION, endpoint: dynamo.endpoint, credentials });
    const producer = new SqsClient({ region: REGION, endpoint: sqsServer.endpoint, credentials });
    const names = localResourceNames(config);
    await ensureTable(raw, names.tableName);
    await ensureTable(raw, 'bare');
    // A scratch table for warming the server: no stream, TTL or index, which would slow DynamoDB Local's later writes.
    await ensureTable(raw, 'warm', { partitionKey: 'pk', sortKey: 'sk', indexes: [] });
    if (names.ordersTableName) {
      await ensureTable(raw, names.ordersTableName, ordersTableSchema);
      await seedDemoOrders(doc, names.ordersTableName);
    }
    const queues = await createQueues(sqs, config.stackName);
    // The stand-ins the pipeline calls: Lex for English, Scheduler for SLA timers (due hours later, so
    // none fires during the run).
    const recognizer = new BuiltinRecognizer(loadModel(root), {
      orderNumberPattern: config.brain.orderNumberPattern,
      outOfScopeBelow: config.brain.outOfScopeBelow,
    });
    const lex = await startLexRuntimeServer({ port: 0, intents: loadIntents(), classify: (text) => recognizer.classify(text) });
    closers.push(() => lex.close());
    const scheduler = new LocalScheduler(sqs, undefined, { region: REGION, account: '000000000000', log: () => {} });
    const schedulerUrl = await scheduler.listen(0);
    closers.push(() => scheduler.close());

    const env = {
      ...benchFunctionEnvs({
        config,
        region: REGION,
        credentials,
        endpoints: { dynamodb: dynamo.endpoint, sqs: sqsServer.endpoint, scheduler: schedulerUrl, lex: lex.endpoint },
        resources: names,
        queues,
        slaDeadLetterArn: queues.inbound.dlqArn,
        overrides: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
      }).pipeline,
      AWS_LAMBDA_FUNCTION_NAME: 'pipeline',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(functionDefinitions.pipeline.memoryMb),
      BARE_TABLE_NAME: 'bare',
      PATH: process.env.PATH ?? '',
    };
    const [bundles, bareBundle] = await Promise.all([bundleFunctions(root, buildDir), bundleBare(buildDir)]);
    // The bare consumer runs with the pipeline's memory, timeout and environment: only the work differs.
    const consumers: Consumer[] = [
      { label: 'pipeline', fn: new LocalFunction('pipeline', bundles.pipeline, env, 4, 'silent') },
      { label: 'bare', fn: new LocalFunction('pipeline', bareBundle, env, 4, 'silent') },
    ];
    for (const c of consumers) closers.push(() => c.fn.close());
    for (const c of consumers) await c.fn.warm();
    // Warm-up outside the measurement: DynamoDB Local's JIT (see warmDynamoDbLocal), then each consumer's
    // own (its JIT, connections, first requests).
    await warmDynamoDbLocal(doc, 'warm');
    for (const c of consumers) await runRound(producer, sqs, sqsServer, c, WARM_UP);

    const rates: Record<string, number[]> = { pipeline: [], bare: [] };
    for (let r = 0; r < ROUNDS; r++) for (const c of consumers) rates[c.label]!.push(await runRound(producer, sqs, sqsServer, c, MESSAGES));

    // Where the time goes: the same handler in this process, one record at a time, every call timed.
    const profile = await profilePipeline(env, workload(PROFILED + 20), 20);
    // The same, a FIFO batch of ten at a time: what gathering reads and writes leaves, and how DynamoDB Local serves it.
    const batchSize = queueDefinitions.inbound.batchSize;
    const batchProfile = await profilePipeline(env, workload(PROFILED * 4 + 20), 20 / batchSize, batchSize);
    const dynamoDbLocal = await dynamoDbLocalScaling(doc, 'bare');

    // Each round has the same number of messages: the overall rate is the harmonic mean of the rounds'.
    const overall = (xs: number[]) => round(xs.length / xs.reduce((a, x) => a + 1 / x, 0), 1);
    const pipelineMsgPerSec = overall(rates.pipeline!);
    const bareMsgPerSec = overall(rates.bare!);
    const result = {
      when: new Date().toISOString(),
      node: process.version,
      pipelineMsgPerSec,
      bareMsgPerSec,
      ratio: round(pipelineMsgPerSec / bareMsgPerSec, 3),
      messagesPerRound: MESSAGES,
      rounds: ROUNDS,
      batchSize: queueDefinitions.inbound.batchSize,
      mix: '60% first messages of new conversations, 40% follow-ups in their groups; Turkish and English',
      roundsMsgPerSec: { pipeline: rates.pipeline!.map((x) => round(x, 1)), bare: rates.bare!.map((x) => round(x, 1)) },
      profile,
      batchProfile: { ...batchProfile, recordsPerBatch: batchSize, note: 'records, msPerRecord, calls: per batch of recordsPerBatch' },
      dynamoDbLocal,
    };
    console.log(`\nDestek pipeline throughput — ${ROUNDS} interleaved rounds of ${MESSAGES} messages, batches of ${result.batchSize}, ${process.version}\n`);
    console.table({
      pipeline: { 'msg/s': pipelineMsgPerSec, rounds: result.roundsMsgPerSec.pipeline.join(' / ') },
      'bare (1 PutItem)': { 'msg/s': bareMsgPerSec, rounds: result.roundsMsgPerSec.bare.join(' / ') },
      ratio: { 'msg/s': result.ratio, rounds: 'target ≥ 0.5' },
    });
    const callTable = (p: typeof profile, per: string) =>
      console.table(
        Object.fromEntries(
          Object.entries(p.calls).map(([k, v]) => [k, { [`calls/${per}`]: v.perRecord, [`ms/${per}`]: v.msPerRecord, 'ms/call': v.msPerCall }]),
        ),
      );
    console.log(
      `\nWhere a pipeline record's time goes, one at a time (${profile.records} records): ${profile.msPerRecord} ms a record, ${profile.sequentialRounds} round trips in sequence\n`,
    );
    callTable(profile, 'record');
    console.log(
      `\nA FIFO batch of ${batchSize} at a time (${batchProfile.records} batches): ${batchProfile.msPerRecord} ms a batch, ${batchProfile.sequentialRounds} rounds of calls\n`,
    );
    callTable(batchProfile, 'batch');
    console.log('DynamoDB Local, requests a second for one small item:');
    console.table({ PutItem: dynamoDbLocal.putItemPerSec, GetItem: dynamoDbLocal.getItemPerSec });
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    writeFileSync(join(root, 'bench/results/throughput.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log('written to bench/results/throughput.json');
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    dynamo.process.kill('SIGTERM');
    await sqsServer.close();
    rmSync(buildDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exit(1);
});
