import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ScanCommand } from '#adapters/aws/dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { fromItem } from '#adapters/table-keys';
import type { Interaction } from '#core/model';
import type { LocalStackInfo } from '#local/stack';
import { LOCAL_CREDENTIALS } from '#local/storage';

/**
 * The drill: the local stack as users run it (`destek start --data DIR`, its own process group), chat
 * load from several visitors, kill -9 of the whole group mid-load, a restart on the same DIR. Every
 * message that was answered 2xx must become exactly one interaction and every reply must go out once.
 */
const root = resolve(import.meta.dirname, '../..');
const PORTS = ['api', 'dynamodb', 'sqs', 's3', 'ses', 'lex', 'smtp', 'social', 'ws', 'web', 'scheduler', 'lambda', 'secrets'].flatMap((p) => [
  `--${p}-port`,
  '0',
]);
const VISITORS = 7;
const PER_VISITOR = 10;
/** Killed once this many messages are accepted: most are still queued then (the pipeline is the slow part). */
const KILL_AFTER = 35;
const TEXTS = [
  'Merhaba',
  'kargom nerede?',
  '100003',
  'teşekkürler',
  'Where is my order 100005?',
  'iade etmek istiyorum',
  'faturamı alabilir miyim?',
  'hello',
  'siparişimi iptal etmek istiyorum',
  'görüşmek üzere',
];

type Info = LocalStackInfo & { pid: number };
interface Running {
  readonly child: ChildProcess;
  readonly info: Info;
  readonly exited: Promise<void>;
  readonly stderr: () => string;
}

const groups = new Set<Running>();
const dataDir = mkdtempSync(join(tmpdir(), 'destek-kill-'));
const infoFile = join(dataDir, 'local.json');

/** Starts `destek start` in a process group of its own and waits until it has written its info file. */
async function startStack(): Promise<Running> {
  rmSync(infoFile, { force: true });
  const child = spawn(process.execPath, [join(root, 'bin/destek.js'), 'start', '--data', join(dataDir, 'data'), '--quiet', '--info-file', infoFile, ...PORTS], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let dead = false;
  void exited.then(() => (dead = true));
  const running = { child, exited, stderr: () => stderr } as Running;
  groups.add(running);
  for (const until = Date.now() + 240_000; ; ) {
    if (dead) throw new Error(`destek start exited: ${stderr.slice(-2000)}`);
    if (Date.now() > until) throw new Error(`destek start did not come up: ${stderr.slice(-2000)}`);
    if (existsSync(infoFile)) {
      try {
        const info = JSON.parse(readFileSync(infoFile, 'utf8')) as Info;
        if (info.pid === child.pid) return Object.assign(running, { info });
      } catch {
        // Being written.
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** kill -9 of the whole group: the CLI, DynamoDB Local's JVM, everything it started. */
async function killGroup(r: Running): Promise<void> {
  try {
    process.kill(-r.child.pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
  await r.exited;
  groups.delete(r);
}

afterAll(async () => {
  await Promise.all([...groups].map(killGroup));
  rmSync(dataDir, { recursive: true, force: true });
});

/** A visitor: its token, and every frame pushed to it over any of its WebSocket connections. */
interface Visitor {
  readonly visitorId: string;
  readonly token: string;
  /** Each reply pushed, with the run (0 before the kill, 1 after) whose connection it came on. */
  readonly pushed: { id: string; run: number }[];
  socket?: WebSocket;
}

async function newVisitor(api: string): Promise<Visitor> {
  const res = await fetch(`${api}/chat/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const { token, visitorId } = (await res.json()) as { token: string; visitorId: string };
  return { visitorId, token, pushed: [] };
}

function connect(v: Visitor, websocket: string, run: number): Promise<void> {
  const ws = new WebSocket(`${websocket}?token=${encodeURIComponent(v.token)}`);
  v.socket = ws;
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as { type: string; id?: string };
    // Frames name a reply by its interaction id, the `key` its item stores (a widget from before the
    // ids lost their table prefix may still show the prefixed form).
    if (f.type === 'message' && f.id) v.pushed.push({ id: f.id.replace(/^INTERACTION#/, ''), run });
  });
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_q, res) => reject(new Error(`WebSocket handshake ${res.statusCode}`)));
  });
}

/** One chat message over the HTTP API; true when it was accepted (2xx), false when the stack did not answer. */
async function post(api: string, v: Visitor, messageId: string, text: string): Promise<boolean> {
  try {
    const res = await fetch(`${api}/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${v.token}` },
      body: JSON.stringify({ messageId, text }),
      signal: AbortSignal.timeout(20_000),
    });
    await res.text();
    if (res.status >= 200 && res.status < 300) return true;
    throw new Error(`POST /chat/messages answered ${res.status}`);
  } catch (e) {
    if ((e as Error).message.startsWith('POST')) throw e;
    return false;
  }
}

async function queuedMessages(info: Info): Promise<number> {
  const sqs = new SQSClient({ region: info.region, endpoint: info.sqs, credentials: LOCAL_CREDENTIALS });
  let total = 0;
  for (const q of Object.values(info.queues)) {
    const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes;
    // This server counts in-flight messages in ApproximateNumberOfMessages too.
    total += Number(a?.ApproximateNumberOfMessages ?? 0);
  }
  sqs.destroy();
  return total;
}

/** Every chat interaction in the table (a test may scan its own small table). */
async function chatInteractions(info: Info): Promise<Interaction[]> {
  const raw = new DynamoDBClient({ region: info.region, endpoint: info.dynamodb, credentials: LOCAL_CREDENTIALS });
  const db = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials: LOCAL_CREDENTIALS });
  const items: Interaction[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: info.tableName,
        FilterExpression: 'begins_with(sk, :i) AND channel = :chat',
        ExpressionAttributeValues: { ':i': 'INTERACTION#', ':chat': 'chat' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []).map((i) => fromItem<Interaction>(i)));
    start = out.LastEvaluatedKey;
  } while (start);
  raw.destroy();
  return items;
}

const count = <T>(xs: T[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<T, number>());

describe('destek start --data, killed mid-load', () => {
  it('after a kill -9 and a restart every accepted message is one interaction and every reply goes out once', async () => {
    const t0 = Date.now();
    const first = await startStack();
    const visitors = await Promise.all(Array.from({ length: VISITORS }, () => newVisitor(first.info.api)));
    await Promise.all(visitors.map((v) => connect(v, first.info.websocket, 0)));
    const started = Date.now();

    // Load: every visitor sends its messages one after another, all visitors at once; the kill lands mid-way.
    const accepted = new Set<string>();
    const unanswered: { v: Visitor; messageId: string; text: string }[] = [];
    let killing: Promise<void> | undefined;
    await Promise.all(
      visitors.map(async (v, vi) => {
        for (let i = 0; i < PER_VISITOR; i++) {
          const messageId = `m-${vi}-${i}`;
          const text = TEXTS[(vi + i) % TEXTS.length]!;
          if (await post(first.info.api, v, messageId, text)) accepted.add(messageId);
          else unanswered.push({ v, messageId, text });
          if (accepted.size >= KILL_AFTER) killing ??= killGroup(first);
        }
      }),
    );
    await killing;
    const acceptedBeforeKill = accepted.size;
    const killedAt = Date.now();

    const second = await startStack();
    const restored = Number(/restored (\d+) queued message/.exec(second.stderr())?.[1] ?? 0);
    await Promise.all(visitors.map((v) => connect(v, second.info.websocket, 1)));
    // The widget sends again what got no answer, with the same id: at most one of each may exist.
    for (const u of unanswered) expect(await post(second.info.api, u.v, u.messageId, u.text)).toBe(true);

    // Quiescent: nothing left in any queue, every message stored, no reply waiting to be sent.
    const all = await (async () => {
      // A reply leased when the kill came goes out once its lease (60 s) has passed: the restarted sender
      // finds the lease held and puts the message back for then (not the queue's 180 s visibility timeout).
      for (const until = Date.now() + 240_000; ; ) {
        const items = await chatInteractions(second.info);
        const stored = items.filter((i) => i.direction === 'in').length;
        const unsent = items.filter((i) => i.direction === 'out' && i.delivery && i.delivery.status !== 'sent' && i.delivery.status !== 'failed');
        if (stored >= VISITORS * PER_VISITOR && unsent.length === 0 && (await queuedMessages(second.info)) === 0) return items;
        if (Date.now() > until)
          throw new Error(`not quiescent: ${stored} stored, ${unsent.length} replies unsent, ${await queuedMessages(second.info)} queued`);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    // A late duplicate would show up within this.
    await new Promise((r) => setTimeout(r, 2000));
    const settled = await chatInteractions(second.info);
    expect(settled.length).toBe(all.length);

    const inbound = settled.filter((i) => i.direction === 'in');
    const perMessage = count(inbound.map((i) => i.messageKey!.split('/').pop()!));
    const replies = settled.filter((i) => i.direction === 'out');
    const pushes = count(visitors.flatMap((v) => v.pushed.map((p) => p.id)));
    const twice = [...pushes].filter(([, n]) => n > 1).map(([id]) => id);
    console.log(
      JSON.stringify({
        acceptedBeforeKill,
        unanswered: unanswered.length,
        restoredFromJournal: restored,
        interactions: inbound.length,
        replies: replies.length,
        pushed: [...pushes.values()].reduce((a, b) => a + b, 0),
        pushedTwice: twice.length,
        claimedTwice: replies.filter((r) => (r.delivery?.attempts ?? 0) > 1).length,
        replyStatuses: Object.fromEntries(count(replies.map((r) => r.delivery?.status ?? 'none'))),
        startToKillMs: killedAt - started,
        totalMs: Date.now() - t0,
      }),
    );

    // The kill caught messages in the queue: the journal is what brought them back.
    expect(restored).toBeGreaterThan(0);
    // Every accepted message (those answered before the kill and those sent again after it) is one interaction.
    const expected = visitors.flatMap((_, vi) => Array.from({ length: PER_VISITOR }, (_, i) => `m-${vi}-${i}`));
    expect([...perMessage.keys()].sort()).toEqual(expected.sort());
    expect([...perMessage.values()].every((n) => n === 1)).toBe(true);
    // Every reply was sent (none pending or leased).
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.delivery?.status !== 'sent')).toEqual([]);
    // A reply reaches a visitor twice only across the kill, when the kill came between the push and the
    // record that it was sent: its lease was taken over after the restart (at-least-once; the widget shows
    // a reply once by its id). Never twice within one run, never without a second claim.
    for (const id of twice) {
      const runs = visitors.flatMap((v) => v.pushed.filter((p) => p.id === id).map((p) => p.run));
      expect(runs.sort()).toEqual([0, 1]);
      expect(replies.find((r) => r.key === id)?.delivery?.attempts).toBe(2);
    }
    for (const v of visitors) v.socket?.close();
    await killGroup(second);
  }, 480_000);
});
