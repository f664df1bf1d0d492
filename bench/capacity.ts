/**
 * npm run bench: DynamoDB units per message, end to end, on the real local stack.
 * Every DynamoDB call of every function goes through a recording proxy (bench/capacity/) that asks for
 * ReturnConsumedCapacity "INDEXES" and reads each written item before and after. Per channel (chat over
 * the HTTP API, e-mail over SMTP, WhatsApp over the fake provider's signed webhook), one message at a time:
 *   first    - a new customer's first message: new customer, new ticket, acknowledgement (ingest + pipeline)
 *   followUp - the same customer again, in the open conversation (ingest + pipeline)
 *   sendReply - an agent's reply through the agent API, sent by the sender (the sender's units; the
 *              agent API's are reported beside)
 * Two write figures: `writeUnits` as DynamoDB Local reports them (it does NOT double transactional
 * writes), `writeUnitsByRules` from AWS's published rules applied to the measured item sizes.
 * Medians over BENCH_CAPACITY_MESSAGES messages per case. Writes bench/results/capacity.json.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { FunctionName } from '#definitions/functions';
import { issueVisitorToken } from '#channels/chat/visitor-token';
import { deriveKey, MASTER_KEY_ENV } from '#config/keys';
import { DEFAULT_PORTS, startLocalStack, type LocalStack } from '#local/stack';
import { RecordingProxy, type Recorded } from './capacity/recording-proxy';

const MESSAGES = Number(process.env.BENCH_CAPACITY_MESSAGES ?? 5);
/** The runner polls an empty queue every 500 ms: this long without any invocation means the chain is done. */
const QUIET_MS = 1500;
const root = resolve(import.meta.dirname, '..');
const CHANNELS = ['chat', 'email', 'whatsapp'] as const;
type Channel = (typeof CHANNELS)[number];
type Case = 'first' | 'followUp' | 'sendReply';
/** Text a person must answer (a complaint): the bot acknowledges and opens a ticket. */
const COMPLAINT = 'Müşteri hizmetleriniz rezalet, kimse dönüş yapmıyor, şikayetçiyim';
const FOLLOW_UP = 'Hâlâ bekliyorum, siparişim gelmedi ve kimse cevap vermiyor';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return 0;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (n: number) => Math.round(n * 100) / 100;

/** Which functions are running now: each DynamoDB request is attributed to them. */
class Activity {
  private readonly running = new Map<string, number>();
  readonly invoked = new Set<string>();
  lastChange = performance.now();

  track(stack: LocalStack): void {
    for (const [name, fn] of Object.entries(stack.functions)) {
      const invoke = fn.invoke.bind(fn);
      fn.invoke = (async (event: unknown) => {
        this.running.set(name, (this.running.get(name) ?? 0) + 1);
        this.started.set(name, performance.now());
        this.invoked.add(name);
        this.lastChange = performance.now();
        try {
          return await invoke(event);
        } finally {
          this.running.set(name, this.running.get(name)! - 1);
          this.lastChange = performance.now();
        }
      }) as typeof fn.invoke;
    }
  }

  private readonly started = new Map<string, number>();

  /**
   * The function a request comes from. When two run at once (the sender starts while the pipeline
   * finishes its queue and timer calls, which touch no table), the one started last.
   */
  now(): string {
    const names = [...this.running].filter(([, n]) => n > 0).map(([k]) => k);
    if (names.length > 1) this.overlaps++;
    return names.sort((a, b) => this.started.get(b)! - this.started.get(a)!)[0] ?? 'none';
  }

  overlaps = 0;

  /** Resolves once every expected function has run and nothing has run for QUIET_MS. */
  async settled(expect: readonly FunctionName[], timeoutMs = 30_000): Promise<void> {
    const until = performance.now() + timeoutMs;
    for (;;) {
      const idle = [...this.running.values()].every((n) => n === 0);
      if (expect.every((f) => this.invoked.has(f)) && idle && performance.now() - this.lastChange >= QUIET_MS) return;
      if (performance.now() > until) throw new Error(`not settled within ${timeoutMs} ms (expected ${expect.join(', ')}; ran ${[...this.invoked].join(', ')})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

interface Window {
  records: Recorded[];
}

async function measure(proxy: RecordingProxy, activity: Activity, expect: readonly FunctionName[], act: () => Promise<unknown>): Promise<Window> {
  await activity.settled([]);
  const from = proxy.records.length;
  activity.invoked.clear();
  await act();
  await activity.settled(expect);
  return { records: proxy.records.slice(from) };
}

const sum = (rs: Recorded[], k: 'readUnits' | 'readUnitsByRules' | 'writeUnits' | 'writeUnitsByRules') => rs.reduce((a, r) => a + r[k], 0);

async function main() {
  const activity = new Activity();
  const proxy = new RecordingProxy(() => activity.now());
  const proxyUrl = await proxy.listen();
  const stack = await startLocalStack({
    projectRoot: root,
    // Every port free-picked, so the benchmark runs beside a stack on the default ports.
    ports: Object.fromEntries(Object.keys(DEFAULT_PORTS).map((name) => [name, 0])),
    functionOutput: 'silent',
    envOverrides: { POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_ENDPOINT_URL_DYNAMODB: proxyUrl },
  });
  proxy.forwardTo(stack.info.dynamodb);
  activity.track(stack);
  const { info } = stack;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${info.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${info.agentToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const visitorKey = deriveKey(stack.envs.chatIngest[MASTER_KEY_ENV]!, 'chat-visitor-token');
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: info.smtpPort!, secure: false, ignoreTLS: true });
  const support = info.supportAddresses![0]!;

  /** One customer message on a channel; `n` 0 opens the conversation, 1 follows up in it. */
  const send: Record<Channel, (conversation: string, n: number) => Promise<unknown>> = {
    chat: async (visitorId, n) => {
      const token = await issueVisitorToken(visitorKey, { visitorId }, 60);
      const res = await fetch(`${info.api}/chat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ visitorId, messageId: `${visitorId}-${n}`, text: n ? FOLLOW_UP : COMPLAINT }),
      });
      if (res.status >= 300) throw new Error(`chat message: ${res.status} ${await res.text()}`);
    },
    email: async (address, n) => {
      const id = (k: number) => `<${address.replace('@', '.')}-${k}@customer.example>`;
      const raw = [
        `From: Bench Müşteri <${address}>`,
        `To: ${support}`,
        `Subject: ${n ? 'Re: ' : ''}Siparişim nerede`,
        `Message-ID: ${id(n)}`,
        ...(n ? [`In-Reply-To: ${id(0)}`, `References: ${id(0)}`] : []),
        `Date: ${new Date().toUTCString()}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        n ? FOLLOW_UP : COMPLAINT,
        '',
      ].join('\r\n');
      await mailer.sendMail({ envelope: { from: address, to: [support] }, raw });
    },
    whatsapp: async (phone, n) => {
      const r = await stack.socialProvider.simulate('whatsapp', { from: phone, name: 'Bench Müşteri', text: n ? FOLLOW_UP : COMPLAINT });
      if (r.status !== 200) throw new Error(`whatsapp webhook: ${r.status} ${r.body}`);
    },
  };
  const conversation: Record<Channel, () => string> = {
    chat: () => `bench-${randomUUID().slice(0, 12)}`,
    email: () => `bench-${randomUUID().slice(0, 8)}@customer.example`,
    whatsapp: () => `90532${randomInt(1_000_000, 9_999_999)}`,
  };
  const ingest: Record<Channel, FunctionName> = { chat: 'chatIngest', email: 'emailIngest', whatsapp: 'socialWebhook' };

  const windows: Record<Channel, Record<Case, Window[]>> = Object.fromEntries(CHANNELS.map((c) => [c, { first: [], followUp: [], sendReply: [] }])) as never;
  try {
    // Warm-up outside the measurement: each chain once per channel (connections, JIT, first requests).
    for (const channel of CHANNELS) {
      const c = conversation[channel]();
      await measure(proxy, activity, ['pipeline'], () => send[channel](c, 0));
    }
    for (const channel of CHANNELS) {
      const before = await openTickets(api, channel);
      for (let i = 0; i < MESSAGES; i++) {
        const c = conversation[channel]();
        windows[channel].first.push(await measure(proxy, activity, [ingest[channel], 'pipeline', 'sender'], () => send[channel](c, 0)));
        windows[channel].followUp.push(await measure(proxy, activity, [ingest[channel], 'pipeline'], () => send[channel](c, 1)));
      }
      // Each conversation is one ticket: the follow-ups were threaded onto the first messages' tickets.
      const fresh = (await openTickets(api, channel)).filter((t) => !before.some((b) => b.id === t.id));
      if (fresh.length !== MESSAGES) throw new Error(`${channel}: ${MESSAGES} conversations made ${fresh.length} tickets`);
      for (const t of fresh) {
        if (t.interactionCount < 2) throw new Error(`${channel}: ticket ${t.id} has ${t.interactionCount} interactions, the follow-up is missing`);
        windows[channel].sendReply.push(
          await measure(proxy, activity, ['agentApi', 'sender'], () =>
            api('POST', `/tickets/${t.id}/replies`, { text: 'Merhaba, siparişinizi kontrol ediyoruz.' }),
          ),
        );
      }
    }
  } finally {
    mailer.close();
    await stack.stop();
    await proxy.close();
  }

  const only = (rs: Recorded[], keep: (by: string) => boolean) => rs.filter((r) => keep(r.by));
  const inbound = (by: string) => by !== 'sender' && by !== 'agentApi';
  const result: Record<string, unknown> = {};
  const table: Record<string, Record<string, number | string>> = {};
  const unattributed: string[] = [];
  for (const channel of CHANNELS) {
    const w = windows[channel];
    for (const rs of Object.values(w).flat()) for (const r of rs.records) if (r.by === 'none') unattributed.push(`${channel}: ${r.operation} by ${r.by}`);
    const perMessage = (ws: Window[], keep: (by: string) => boolean, k: 'readUnits' | 'readUnitsByRules' | 'writeUnits' | 'writeUnitsByRules') =>
      round(median(ws.map((x) => sum(only(x.records, keep), k))));
    const byFunction = (ws: Window[]) => {
      const names = [...new Set(ws.flatMap((x) => x.records.map((r) => r.by)))].sort();
      return Object.fromEntries(
        names.map((n) => [
          n,
          {
            writeUnits: perMessage(ws, (b) => b === n, 'writeUnits'),
            writeUnitsByRules: perMessage(ws, (b) => b === n, 'writeUnitsByRules'),
            readUnits: perMessage(ws, (b) => b === n, 'readUnits'),
            readUnitsByRules: perMessage(ws, (b) => b === n, 'readUnitsByRules'),
          },
        ]),
      );
    };
    const inboundCase = (ws: Window[]) => ({
      writeUnits: perMessage(ws, inbound, 'writeUnits'),
      writeUnitsByRules: perMessage(ws, inbound, 'writeUnitsByRules'),
      readUnits: perMessage(ws, inbound, 'readUnits'),
      readUnitsByRules: perMessage(ws, inbound, 'readUnitsByRules'),
      calls: round(median(ws.map((x) => only(x.records, inbound).length))),
      // The acknowledgement's delivery, by the sender: the sender side's, not counted above.
      senderWriteUnitsByRules: perMessage(ws, (b) => b === 'sender', 'writeUnitsByRules'),
      byFunction: byFunction(ws),
    });
    const c = {
      first: inboundCase(w.first),
      followUp: inboundCase(w.followUp),
      sendReply: {
        writeUnits: perMessage(w.sendReply, (b) => b === 'sender', 'writeUnits'),
        writeUnitsByRules: perMessage(w.sendReply, (b) => b === 'sender', 'writeUnitsByRules'),
        readUnits: perMessage(w.sendReply, (b) => b === 'sender', 'readUnits'),
        readUnitsByRules: perMessage(w.sendReply, (b) => b === 'sender', 'readUnitsByRules'),
        agentApi: {
          writeUnits: perMessage(w.sendReply, (b) => b === 'agentApi', 'writeUnits'),
          writeUnitsByRules: perMessage(w.sendReply, (b) => b === 'agentApi', 'writeUnitsByRules'),
          readUnits: perMessage(w.sendReply, (b) => b === 'agentApi', 'readUnits'),
          readUnitsByRules: perMessage(w.sendReply, (b) => b === 'agentApi', 'readUnitsByRules'),
        },
        byFunction: byFunction(w.sendReply),
      },
    };
    result[channel] = c;
    for (const k of ['first', 'followUp'] as const) {
      table[`${channel} ${k}`] = {
        'WCU measured': c[k].writeUnits,
        'WCU by rules': c[k].writeUnitsByRules,
        'RCU measured': c[k].readUnits,
        'RCU by rules': c[k].readUnitsByRules,
        calls: c[k].calls,
      };
    }
    table[`${channel} sendReply (sender)`] = {
      'WCU measured': c.sendReply.writeUnits,
      'WCU by rules': c.sendReply.writeUnitsByRules,
      'RCU measured': c.sendReply.readUnits,
      'RCU by rules': c.sendReply.readUnitsByRules,
    };
    table[`${channel} sendReply (agent API)`] = {
      'WCU measured': c.sendReply.agentApi.writeUnits,
      'WCU by rules': c.sendReply.agentApi.writeUnitsByRules,
      'RCU measured': c.sendReply.agentApi.readUnits,
      'RCU by rules': c.sendReply.agentApi.readUnitsByRules,
    };
  }
  const output = {
    ...result,
    messagesPerCase: MESSAGES,
    statistic: 'median per message',
    figures: {
      writeUnits: 'measured: ConsumedCapacity (INDEXES) reported by DynamoDB Local, which does not double transactional writes',
      writeUnitsByRules:
        "AWS's rules on the measured items (read just before and after each write): per started KB of the larger of before/after, twice in a transaction; per GSI holding the item, a write of the projected size (delete + put when its key changes, none when no projected attribute changed; index writes at the standard rate); a failed condition costs the item's size without index writes",
      readUnits: 'measured: ConsumedCapacity reported by DynamoDB Local (it under-reports BatchGetItem)',
      readUnitsByRules:
        "AWS's rules for reads by key on the items returned: per item one unit per started 4 KB, half when eventually consistent, the minimum when the key holds nothing; each key of a BatchGetItem as its own read; Query and Scan as measured",
      inbound:
        'first and followUp: every function of the inbound path (ingest and pipeline), not the sender delivering the acknowledgement (senderWriteUnitsByRules)',
      sendReply: 'the sender delivering one agent reply; agentApi: the agent API storing it',
    },
    unattributedCalls: unattributed.length,
    callsWhileTwoFunctionsRan: activity.overlaps,
    when: new Date().toISOString(),
    node: process.version,
  };
  console.log(`\nDestek capacity benchmark — DynamoDB units per message, median of ${MESSAGES} per case, local stack\n`);
  console.table(table);
  console.log('WCU measured: as DynamoDB Local reports (transactions not doubled); WCU by rules: AWS rules on measured item sizes.');
  if (unattributed.length) console.log(`unattributed calls (no function running): ${unattributed.length}\n  ${unattributed.slice(0, 10).join('\n  ')}`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/capacity.json'), `${JSON.stringify(output, null, 2)}\n`);
  // Every call of one message per case, to see where the units go (not committed: BENCH_CAPACITY_TRACE=file).
  if (process.env.BENCH_CAPACITY_TRACE) {
    const trace = Object.fromEntries(CHANNELS.map((c) => [c, Object.fromEntries(Object.entries(windows[c]).map(([k, ws]) => [k, ws[0]?.records]))]));
    writeFileSync(process.env.BENCH_CAPACITY_TRACE, JSON.stringify(trace, null, 1));
  }
  console.log('written to bench/results/capacity.json');
}

async function openTickets(api: (m: string, p: string) => Promise<any>, channel: Channel): Promise<{ id: string; interactionCount: number }[]> {
  const out: { id: string; interactionCount: number }[] = [];
  for (const status of ['open', 'pending']) {
    let cursor: string | null = null;
    do {
      const page = await api('GET', `/tickets?status=${status}&channel=${channel}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      out.push(...page.items);
      cursor = page.next;
    } while (cursor);
  }
  return out;
}

main().catch((e) => {
  console.error(`bench: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
