/**
 * npm run bench: the agents' live updates, change to console. Five agents' consoles on the local
 * agents' socket; a visitor's chat message opens a ticket, then an agent adds 100 notes to it through
 * the agent API, one at a time. Measured: from sending the note to the moment the last of the five
 * sockets has `{"type":"ticket","ticketId":…}` for it (the table's stream, the local stream poller,
 * agentLive's fan-out, the socket). The issue's promise is 2 s. Writes bench/results/agent-live.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { LOCAL_AGENTS } from '#local/auth';
import { startLocalStack } from '#local/stack';
import { percentile } from './stats';

const NOTES = Number(process.env.BENCH_NOTES ?? 100);
const CONSOLES = 5;
const TARGET_P95_MS = 2_000;
const root = resolve(import.meta.dirname, '..');

const round = (n: number) => Math.round(n * 10) / 10;

interface Console {
  readonly ws: WebSocket;
  readonly frames: { type: string; ticketId?: string }[];
}

async function open(url: string, token: string): Promise<Console> {
  const ws = new WebSocket(url);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const c: Console = { ws, frames: [] };
  ws.on('message', (d) => c.frames.push(JSON.parse(d.toString())));
  ws.send(JSON.stringify({ action: 'auth', token }));
  await until(() => c.frames.some((f) => f.type === 'ready'), 5_000, 'ready');
  return c;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const stack = await startLocalStack({
  projectRoot: root,
  ports: { api: 0, dynamodb: 0, sqs: 0, s3: 0, ses: 0, lex: 0, ws: 0, web: 0, scheduler: 0, lambda: 0, secrets: 0, live: 0, smtp: 0, social: 0, events: 0 },
  functionOutput: 'silent',
  envOverrides: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  ...(process.env.BENCH_LOG ? { log: (line: string) => console.error(line) } : {}),
});
try {
  const { info } = stack;
  const token = await stack.auth.sign(LOCAL_AGENTS.agent);
  const consoles = await Promise.all(Array.from({ length: CONSOLES }, () => open(info.agentLive, token)));
  // The visitor's message opens the ticket; its first push names it.
  const visitor = (await (await fetch(`${info.api}/chat/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
    token: string;
    websocketUrl: string;
  };
  const chat = new WebSocket(`${visitor.websocketUrl}?token=${visitor.token}`);
  await new Promise((r, j) => (chat.once('open', r), chat.once('error', j)));
  const opened = performance.now();
  chat.send(JSON.stringify({ action: 'sendMessage', messageId: 'bench-live-1', text: 'Merhaba, ürünüm kırık geldi' }));
  await until(() => consoles[0]!.frames.some((f) => f.type === 'ticket' && f.ticketId), 10_000, 'the new ticket');
  const firstTicketMs = performance.now() - opened;
  const ticketId = consoles[0]!.frames.find((f) => f.type === 'ticket' && f.ticketId)!.ticketId!;
  chat.close();

  const times: number[] = [];
  for (let i = 0; i < NOTES; i++) {
    const seen = consoles.map((c) => c.frames.length);
    const start = performance.now();
    const res = await fetch(`${info.api}/tickets/${ticketId}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text: `note ${i}` }),
    });
    if (res.status >= 300) throw new Error(`note ${i}: ${res.status} ${await res.text()}`);
    await until(
      () => consoles.every((c, k) => c.frames.slice(seen[k]).some((f) => f.type === 'ticket' && f.ticketId === ticketId)),
      10_000,
      `the push of note ${i}`,
    );
    times.push(performance.now() - start);
  }
  for (const c of consoles) c.ws.close();
  const result = {
    consoles: CONSOLES,
    notes: NOTES,
    visitorMessageToFirstPushMs: round(firstTicketMs),
    noteToEveryConsoleMs: {
      median: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
      p99: round(percentile(times, 99)),
      max: round(Math.max(...times)),
    },
    targetP95Ms: TARGET_P95_MS,
    meetsTarget: percentile(times, 95) < TARGET_P95_MS,
    node: process.version,
    at: new Date().toISOString(),
  };
  console.table({ 'note → every console (ms)': result.noteToEveryConsoleMs });
  console.log(
    `p95 ${result.noteToEveryConsoleMs.p95} ms to all ${CONSOLES} consoles (target < ${TARGET_P95_MS} ms); a visitor's first message to its ticket's push: ${result.visitorMessageToFirstPushMs} ms`,
  );
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'agent-live.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await stack.stop();
}
