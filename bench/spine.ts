/**
 * npm run bench: the spine's cost.
 *  - DynamoDB read and write units per inbound message (60 % new conversations, 40 % replies) through
 *    the pipeline's record handler against DynamoDB Local, from ReturnConsumedCapacity;
 *  - each Lambda bundle's size and its cold-start import time in Node.
 * Messages a second, next to a bare one-PutItem consumer, are bench/throughput.ts's.
 * Prints a table and writes bench/results/spine.json.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { DynamoStore } from '#adapters/dynamo-store';
import type { InboundMessage, OutboundMessage } from '#core/messages';
import type { PipelineDeps } from '#core/pipeline';
import { functionDefinitions, type FunctionName } from '#definitions/functions';
import { bundleFunctions } from '#local/bundle';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig } from '#config/config';
import { pipelineSettingsFromEnv, storeOptionsFromEnv } from '#wiring/settings';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb';
import { benchFunctionEnvs } from './function-envs';
import { freePort } from '#local/net';
import { createQueues, startSqsServer } from '#local/sqs';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100);
const REGION = 'us-east-1';
const root = resolve(import.meta.dirname, '..');

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const sumUnits = (cs: ConsumedCapacity[]) => cs.reduce((a, c) => a + (c.CapacityUnits ?? 0), 0);

function record(msg: InboundMessage): SQSRecord {
  return {
    messageId: randomUUID(),
    receiptHandle: 'r',
    body: JSON.stringify(msg),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'b', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:1:inbound.fifo',
    awsRegion: 'us-east-1',
  };
}

/** A realistic mix: 60 % first messages of new conversations, 40 % replies in earlier ones. */
function workload(n: number): { msg: InboundMessage; kind: 'new' | 'reply' }[] {
  const conversations: string[] = [];
  const out: { msg: InboundMessage; kind: 'new' | 'reply' }[] = [];
  for (let i = 0; i < n; i++) {
    const reply = i % 5 >= 3 && conversations.length > 0;
    const conv = reply ? conversations[Math.floor(Math.random() * conversations.length)]! : `bench-${randomUUID()}`;
    if (!reply) conversations.push(conv);
    out.push({
      kind: reply ? 'reply' : 'new',
      msg: {
        channel: 'chat',
        channelMessageId: `${conv}/${randomUUID()}`,
        from: { address: conv, name: 'Bench Müşteri' },
        conversationKey: conv,
        text: 'Merhaba, 3 gün önce verdiğim 100234 numaralı siparişin kargosu hâlâ gelmedi. Kargo takip numarası nedir?',
        attachments: [],
        receivedAt: new Date().toISOString(),
        localeHint: 'tr-TR',
      },
    });
  }
  return out;
}

async function main() {
  const port = await freePort();
  const dynamo = await startDynamoDbLocal(port);
  const buildDir = mkdtempSync(join(tmpdir(), 'destek-bench-'));
  let stopSqs = async () => {};
  try {
    const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
    // The pipeline's environment exactly as the local stack builds it (queues real, in the local SQS
    // server); only what the benchmark measures differs: its table, and no logs.
    const sqsServer = await startSqsServer(await freePort());
    stopSqs = () => new Promise<void>((r) => sqsServer.server.close(() => r()));
    const config = loadConfig('destek.config.json', root);
    const queues = await createQueues(new SQSClient({ region: REGION, endpoint: sqsServer.endpoint, credentials }), config.stackName);
    Object.assign(
      process.env,
      benchFunctionEnvs({
        config,
        region: REGION,
        credentials,
        endpoints: { dynamodb: dynamo.endpoint, sqs: sqsServer.endpoint },
        // The table the benchmark measures; the orders table is not created, so order questions take
        // the "order source did not answer" path, as they always did here.
        resources: { tableName: 'bench' },
        queues,
        overrides: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
      }).pipeline,
    );
    const raw = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials });
    await ensureTable(raw, 'bench');
    const db = createDocumentClient(raw);

    // The pipeline's own record handler, with a store that reports consumed capacity.
    const { handleInboundRecord } = await import('#handlers/pipeline');
    let current = { read: [] as ConsumedCapacity[], write: [] as ConsumedCapacity[] };
    const store = new DynamoStore(db, { ...storeOptionsFromEnv(), onCapacity: (k, c) => current[k].push(...c) });
    const enqueued: OutboundMessage[] = [];
    const deps: PipelineDeps = {
      store,
      outbound: { send: async (m) => void enqueued.push(m), sendAll: async (ms) => void enqueued.push(...ms) },
      settings: pipelineSettingsFromEnv(),
    };
    const units = { new: { read: [] as number[], write: [] as number[] }, reply: { read: [] as number[], write: [] as number[] } };
    // Warm-up outside the measurement: connections, JIT, DynamoDB Local's first requests.
    for (const w of workload(40)) await handleInboundRecord(deps, record(w.msg));
    // One message at a time, so each one's consumed capacity is its own.
    for (const w of workload(MESSAGES)) {
      current = { read: [], write: [] };
      await handleInboundRecord(deps, record(w.msg));
      units[w.kind].read.push(sumUnits(current.read));
      units[w.kind].write.push(sumUnits(current.write));
    }

    const avg = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
    const mix = (k: 'read' | 'write') => round(0.6 * avg(units.new[k]) + 0.4 * avg(units.reply[k]));

    // Bundles exactly as deployed (minified, source maps beside), and their cold-start import time.
    const bundles = await bundleFunctions(root, buildDir);
    const functions: Record<string, { bytes: number; gzipBytes: number; coldStartMs: number }> = {};
    for (const name of Object.keys(functionDefinitions) as FunctionName[]) {
      const file = bundles[name];
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = spawnSync(
          process.execPath,
          ['--input-type=module', '-e', `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});console.log(performance.now()-t)`],
          { env: process.env, encoding: 'utf8' },
        );
        if (r.status !== 0) throw new Error(`cold start of ${name} failed: ${r.stderr}`);
        times.push(Number(r.stdout.trim().split('\n').pop()));
      }
      functions[name] = {
        bytes: statSync(file).size,
        gzipBytes: gzipSync(readFileSync(file)).length,
        coldStartMs: round(percentile(times, 50), 1),
      };
    }

    const result = {
      when: new Date().toISOString(),
      node: process.version,
      messages: MESSAGES,
      mix: '60% new conversations, 40% replies',
      writeUnitsPerMessage: mix('write'),
      readUnitsPerMessage: mix('read'),
      byKind: {
        newTicket: { writeUnits: avg(units.new.write), readUnits: avg(units.new.read) },
        reply: { writeUnits: avg(units.reply.write), readUnits: avg(units.reply.read) },
      },
      outboundEnqueued: enqueued.length,
      functions,
    };

    console.log(`\nDestek spine benchmark — ${MESSAGES} messages, DynamoDB Local, ${process.version}\n`);
    console.table({
      pipeline: { 'WCU/msg': result.writeUnitsPerMessage, 'RCU/msg': result.readUnitsPerMessage },
      'pipeline, new ticket': { 'WCU/msg': result.byKind.newTicket.writeUnits, 'RCU/msg': result.byKind.newTicket.readUnits },
      'pipeline, reply': { 'WCU/msg': result.byKind.reply.writeUnits, 'RCU/msg': result.byKind.reply.readUnits },
    });
    console.table(
      Object.fromEntries(
        Object.entries(functions).map(([n, f]) => [n, { 'bundle bytes': f.bytes, 'gzip bytes': f.gzipBytes, 'cold import ms (median of 5)': f.coldStartMs }]),
      ),
    );
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    writeFileSync(join(root, 'bench/results/spine.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log('written to bench/results/spine.json');
  } finally {
    dynamo.process.kill('SIGTERM');
    await stopSqs();
    rmSync(buildDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exit(1);
});
