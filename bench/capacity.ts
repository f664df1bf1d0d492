/**
 * npm run bench: DynamoDB units per message, end to end, on the real local stack.
 * Every DynamoDB call of every function goes through a recording proxy (bench/capacity/) that asks for
 * ReturnConsumedCapacity "INDEXES" and reads each written item before and after. Per channel (chat over
 * the HTTP API, e-mail over SMTP, WhatsApp over the fake provider's signed webhook), one message at a time:
 *   first    - a new customer's first message: new customer, new ticket, acknowledgement (ingest + pipeline)
 *   followUp - the same customer again, in the open conversation (ingest + pipeline)
 *   followUpAfterReply - the customer again after an agent's reply (the ticket then carries the reply's facts)
 *   sendReply - an agent's reply through the agent API, sent by the sender (the sender's units; the
 *              agent API's are reported beside)
 * Two write figures: `writeUnits` as DynamoDB Local reports them (it does NOT double transactional
 * writes), `writeUnitsByRules` from AWS's published rules applied to the measured item sizes. Each
 * function has its own endpoint on the proxy, so a call counts for the function that made it. The
 * search index's calls (written from the change feed) are reported beside each case as `searchIndex`.
 * Medians over BENCH_CAPACITY_MESSAGES messages per case. Writes bench/results/capacity.json.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { FunctionName } from '#definitions/functions';
import { issueVisitorToken } from '#channels/chat/visitor-token';
import { deriveKey, MASTER_KEY_ENV } from '#config/keys';
import { freePort } from '#local/net';
import { DEFAULT_PORTS, startLocalStack, type LocalStack } from '#local/stack';
import { byFunction, callLines, callsPerMessage, type Keep, perMessage, units, type Window } from './capacity/figures';
import { RecordingProxy } from './capacity/recording-proxy';
import { isMixedIndexCall, isSearchIndexCall } from './capacity/search-index';

const MESSAGES = Number(process.env.BENCH_CAPACITY_MESSAGES ?? 5);
/** The runner polls an empty queue every 500 ms: this long without any invocation means the chain is done. */
const QUIET_MS = 1500;
const root = resolve(import.meta.dirname, '..');
const CHANNELS = ['chat', 'email', 'whatsapp'] as const;
type Channel = (typeof CHANNELS)[number];
type Case = 'first' | 'followUp' | 'sendReply' | 'followUpAfterReply';
/** Text a person must answer (a complaint): the bot acknowledges and opens a ticket. */
const COMPLAINT = 'Müşteri hizmetleriniz rezalet, kimse dönüş yapmıyor, şikayetçiyim';
const FOLLOW_UP = 'Hâlâ bekliyorum, siparişim gelmedi ve kimse cevap vermiyor';

/** Which functions have run, and when the last one started or ended: to know when a message's chain is done. */
class Activity {
  private readonly running = new Map<string, number>();
  readonly invoked = new Set<string>();
  lastChange = performance.now();

  track(stack: LocalStack): void {
    for (const [name, fn] of Object.entries(stack.functions)) {
      const invoke = fn.invoke.bind(fn);
      fn.invoke = (async (event: unknown) => {
        this.running.set(name, (this.running.get(name) ?? 0) + 1);
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

async function measure(proxy: RecordingProxy, activity: Activity, expect: readonly FunctionName[], act: () => Promise<unknown>): Promise<Window> {
  await activity.settled([]);
  const from = proxy.records.length;
  activity.invoked.clear();
  await act();
  await activity.settled(expect);
  return { records: proxy.records.slice(from) };
}

async function main() {
  const activity = new Activity();
  const proxy = new RecordingProxy();
  const proxyUrl = await proxy.listen();
  // DynamoDB Local's port is chosen here: the stack calls functions (the help center's publish) before it returns.
  const dynamodbPort = await freePort();
  proxy.forwardTo(`http://127.0.0.1:${dynamodbPort}`);
  const stack = await startLocalStack({
    projectRoot: root,
    // Every port free-picked, so the benchmark runs beside a stack on the default ports.
    ports: { ...Object.fromEntries(Object.keys(DEFAULT_PORTS).map((name) => [name, 0])), dynamodb: dynamodbPort },
    functionOutput: 'silent',
    envOverrides: { POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_ENDPOINT_URL_DYNAMODB: (name) => proxy.callerEndpoint(proxyUrl, name) },
  });
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

  /** The latest mail the SES stand-in took for an address: the Message-ID SES gives it (AWS replaces ours) and its subject. */
  const latestMailTo = async (address: string) => {
    const { emails } = (await (await fetch(`${info.ses}/store`)).json()) as { emails: { messageId: string; subject: string; destination: { to: string[] } }[] };
    const mail = emails.filter((m) => m.destination.to.some((t) => t.toLowerCase().includes(address.toLowerCase()))).at(-1);
    if (!mail) throw new Error(`no mail was sent to ${address}`);
    return { id: mail.messageId.includes('@') ? `<${mail.messageId}>` : `<${mail.messageId}@${info.region}.amazonses.com>`, subject: mail.subject };
  };

  /** One customer message on a channel; `n` 0 opens the conversation, 1 follows up in it, 2 answers the agent's reply. */
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
      // After the agent's reply (n 2) the customer answers it, as a mail client does: In-Reply-To the id
      // SES gave our mail, References the chain it carried plus that id, the subject with its [#N].
      const ours = n >= 2 ? await latestMailTo(address) : undefined;
      const chain = Array.from({ length: n }, (_, k) => id(k));
      const threading = ours
        ? [`In-Reply-To: ${ours.id}`, `References: ${[...chain, ours.id].join(' ')}`]
        : n
          ? [`In-Reply-To: ${id(n - 1)}`, `References: ${chain.join(' ')}`]
          : [];
      const raw = [
        `From: Bench Müşteri <${address}>`,
        `To: ${support}`,
        `Subject: ${ours ? `Re: ${ours.subject}` : `${n ? 'Re: ' : ''}Siparişim nerede`}`,
        `Message-ID: ${id(n)}`,
        ...threading,
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

  const windows: Record<Channel, Record<Case, Window[]>> = Object.fromEntries(
    CHANNELS.map((c) => [c, { first: [], followUp: [], sendReply: [], followUpAfterReply: [] }]),
  ) as never;
  try {
    // Warm-up outside the measurement: each chain once per channel (connections, JIT, first requests).
    for (const channel of CHANNELS) {
      const c = conversation[channel]();
      await measure(proxy, activity, ['pipeline'], () => send[channel](c, 0));
    }
    for (const channel of CHANNELS) {
      const before = await openTickets(api, channel);
      const conversations: string[] = [];
      for (let i = 0; i < MESSAGES; i++) {
        const c = conversation[channel]();
        conversations.push(c);
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
      for (const c of conversations)
        windows[channel].followUpAfterReply.push(await measure(proxy, activity, [ingest[channel], 'pipeline'], () => send[channel](c, 2)));
      const after = (await openTickets(api, channel)).filter((t) => !before.some((b) => b.id === t.id));
      if (after.length !== MESSAGES) throw new Error(`${channel}: the messages after the replies made ${after.length - MESSAGES} tickets more`);
    }
  } finally {
    mailer.close();
    await stack.stop();
    await proxy.close();
  }

  // The message's data path; the search index's calls (issue 22) are reported beside it, as `searchIndex`.
  const dataPath: Keep = (r) => !isSearchIndexCall(r);
  const inbound: Keep = (r) => dataPath(r) && r.by !== 'sender' && r.by !== 'agentApi';
  const by =
    (name: string): Keep =>
    (r) =>
      dataPath(r) && r.by === name;
  const searchIndex = (ws: Window[]) => ({ ...units(ws, isSearchIndexCall), calls: callsPerMessage(ws, isSearchIndexCall) });
  const result: Record<string, unknown> = {};
  const table: Record<string, Record<string, number | string>> = {};
  const unattributed: string[] = [];
  const mixed: string[] = [];
  for (const channel of CHANNELS) {
    const w = windows[channel];
    for (const rs of Object.values(w).flat())
      for (const r of rs.records) {
        if (r.by === 'none') unattributed.push(`${channel}: ${r.operation} by ${r.by}`);
        if (isMixedIndexCall(r)) mixed.push(`${channel}: ${r.operation} by ${r.by}`);
      }
    const inboundCase = (ws: Window[]) => ({
      ...units(ws, inbound),
      calls: callsPerMessage(ws, inbound),
      // The acknowledgement's delivery, by the sender: the sender side's, not counted above.
      senderWriteUnitsByRules: perMessage(ws, by('sender'), 'writeUnitsByRules'),
      searchIndex: searchIndex(ws),
      byFunction: byFunction(ws, dataPath),
    });
    const c = {
      first: inboundCase(w.first),
      followUp: inboundCase(w.followUp),
      followUpAfterReply: inboundCase(w.followUpAfterReply),
      sendReply: {
        ...units(w.sendReply, by('sender')),
        agentApi: units(w.sendReply, by('agentApi')),
        searchIndex: searchIndex(w.sendReply),
        byFunction: byFunction(w.sendReply, dataPath),
      },
    };
    result[channel] = c;
    const row = (u: { writeUnits: number; writeUnitsByRules: number; readUnits: number; readUnitsByRules: number }, index?: typeof c.first.searchIndex) => ({
      'WCU by rules': u.writeUnitsByRules,
      'WCU measured': u.writeUnits,
      'RCU by rules': u.readUnitsByRules,
      'RCU measured': u.readUnits,
      ...(index ? { 'index WCU by rules': index.writeUnitsByRules, 'index RCU by rules': index.readUnitsByRules } : {}),
    });
    table[`${channel} first`] = row(c.first, c.first.searchIndex);
    table[`${channel} followUp`] = row(c.followUp, c.followUp.searchIndex);
    table[`${channel} followUpAfterReply`] = row(c.followUpAfterReply, c.followUpAfterReply.searchIndex);
    table[`${channel} sendReply (sender)`] = row(c.sendReply, c.sendReply.searchIndex);
    table[`${channel} sendReply (agent API)`] = row(c.sendReply.agentApi);
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
        "first, followUp and followUpAfterReply: every function of the inbound path (ingest, pipeline, the change feed's consumers), not the sender delivering the acknowledgement (senderWriteUnitsByRules), not the search index (searchIndex)",
      sendReply: 'the sender delivering one agent reply; agentApi: the agent API storing it',
      searchIndex:
        "the search index's calls, not in the figures beside it: the change feed's consumer (agentLive) writing postings and document items (SEARCH#, SEARCHDOC#) and reading the document and the ticket's partition the terms come from; an opt-in feature's cost on the change feed, not the message's data path",
      byFunction: 'the data path per function (the search index not included)',
    },
    unattributedCalls: unattributed.length,
    mixedIndexCalls: mixed.length,
    when: new Date().toISOString(),
    node: process.version,
  };
  console.log(`\nDestek capacity benchmark — DynamoDB units per message, median of ${MESSAGES} per case, local stack\n`);
  console.table(table);
  console.log('WCU measured: as DynamoDB Local reports (transactions not doubled); WCU by rules: AWS rules on measured item sizes.');
  console.log('index: the search index written from the change feed (agentLive), not in the WCU/RCU beside it.');
  if (mixed.length) console.log(`calls writing index and other items at once (their units counted as data path): ${mixed.length}`);
  if (unattributed.length) console.log(`unattributed calls (no function's endpoint): ${unattributed.length}\n  ${unattributed.slice(0, 10).join('\n  ')}`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/capacity.json'), `${JSON.stringify(output, null, 2)}\n`);
  // Every call of one message per case, to see where the units go (not committed: BENCH_CAPACITY_TRACE=file).
  if (process.env.BENCH_CAPACITY_TRACE) {
    const trace = Object.fromEntries(CHANNELS.map((c) => [c, Object.fromEntries(Object.entries(windows[c]).map(([k, ws]) => [k, ws[0]?.records]))]));
    writeFileSync(process.env.BENCH_CAPACITY_TRACE, JSON.stringify(trace, null, 1));
  }
  // The same message's calls, one line each (BENCH_CAPACITY_CALLS=1).
  if (process.env.BENCH_CAPACITY_CALLS)
    for (const channel of CHANNELS)
      for (const [k, ws] of Object.entries(windows[channel]))
        if (ws[0]) console.log(`\n${channel} ${k}:\n  ${callLines(ws[0], isSearchIndexCall).join('\n  ')}`);
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
