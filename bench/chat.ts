/**
 * npm run bench: live chat, send to answer. 200 visitor messages ("kargom nerede 1000NN") through the
 * real local WebSocket gateway, chatSocket, SQS, the pipeline, the sender and the @connections push;
 * the time from sending the frame to receiving the bot's answer on the same connection, one message
 * in flight at a time (latency, not throughput). Also the widget's size. Writes bench/results/chat.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { buildWidget, WIDGET_MAX_GZIP_BYTES } from '#definitions/widget';
import { startLocalStack } from '#local/stack';
import { percentile } from './stats';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
const VISITORS = 20;
const WARMUP = 10;
const TARGET_P95_MS = 300;
const root = resolve(import.meta.dirname, '..');

const round = (n: number) => Math.round(n * 10) / 10;

async function visitor(api: string): Promise<{ ws: WebSocket; frames: { kind?: string; type: string }[]; waiters: (() => void)[] }> {
  const t = (await (await fetch(`${api}/chat/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
    token: string;
    websocketUrl: string;
  };
  const ws = new WebSocket(`${t.websocketUrl}?token=${t.token}`);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const v = { ws, frames: [] as { kind?: string; type: string }[], waiters: [] as (() => void)[] };
  ws.on('message', (d) => {
    v.frames.push(JSON.parse(d.toString()));
    for (const w of v.waiters.splice(0)) w();
  });
  return v;
}

async function roundTrip(v: Awaited<ReturnType<typeof visitor>>, n: number): Promise<number> {
  const before = v.frames.filter((f) => f.type === 'message').length;
  const order = 100001 + (n % 12);
  const start = performance.now();
  v.ws.send(JSON.stringify({ action: 'sendMessage', messageId: `bench-${n}`, text: `kargom nerede ${order}` }));
  while (v.frames.filter((f) => f.type === 'message').length === before) {
    await new Promise<void>((r) => {
      const timer = setTimeout(r, 10_000);
      v.waiters.push(() => (clearTimeout(timer), r()));
    });
    if (performance.now() - start > 10_000) throw new Error(`no answer to message ${n} within 10 s`);
  }
  return performance.now() - start;
}

const tmp = mkdtempSync(join(tmpdir(), 'destek-bench-chat-'));
const widget = readFileSync(await buildWidget(root, join(tmp, 'widget.js')));
const stack = await startLocalStack({
  projectRoot: root,
  ports: { api: 0, dynamodb: 0, sqs: 0, s3: 0, ses: 0, lex: 0, ws: 0, web: 0, scheduler: 0, lambda: 0, secrets: 0, live: 0, events: 0 },
  functionOutput: 'silent',
  // Every benchmark visitor shares the loopback address: the per-address budget would cut the run short.
  envOverrides: { POWERTOOLS_LOG_LEVEL: 'SILENT', CHAT_MESSAGES_PER_ADDRESS_PER_MINUTE: '100000' },
});
try {
  const visitors = await Promise.all(Array.from({ length: VISITORS }, () => visitor(stack.info.api)));
  for (let i = 0; i < WARMUP; i++) await roundTrip(visitors[i % VISITORS]!, 10_000 + i);
  const times: number[] = [];
  for (let i = 0; i < MESSAGES; i++) times.push(await roundTrip(visitors[i % VISITORS]!, i));
  for (const v of visitors) v.ws.close();
  const result = {
    messages: MESSAGES,
    visitors: VISITORS,
    sendToAnswerMs: {
      median: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
      p99: round(percentile(times, 99)),
      max: round(Math.max(...times)),
    },
    targetP95Ms: TARGET_P95_MS,
    meetsTarget: percentile(times, 95) < TARGET_P95_MS,
    widget: { bytes: widget.length, gzipBytes: gzipSync(widget).length, maxGzipBytes: WIDGET_MAX_GZIP_BYTES },
    node: process.version,
    at: new Date().toISOString(),
  };
  console.table({
    'send → answer (ms)': result.sendToAnswerMs,
  });
  console.log(
    `p95 ${result.sendToAnswerMs.p95} ms (target < ${TARGET_P95_MS} ms locally); widget.js ${result.widget.bytes} B, ${result.widget.gzipBytes} B gzipped (limit ${WIDGET_MAX_GZIP_BYTES})`,
  );
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'chat.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await stack.stop();
  rmSync(tmp, { recursive: true, force: true });
}
