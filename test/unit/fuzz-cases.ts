import { emailIngestTestDeps } from './email-store-fake';
/**
 * The properties the fuzzer checks, shared by the bounded CI run (test/unit/fuzz-*.test.ts) and the
 * long run (bench/fuzz.ts): mutated e-mail fixtures through the parser and the e-mail ingest core, and
 * arbitrary or mutated JSON through the social webhooks and the chat message route. Every case must be
 * parsed or stored with an error; nothing may throw out of the batch or answer 500, and whatever is
 * enqueued must be a valid message within the queue's and the table's limits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { emailKeys } from '#adapters/email-store';
import { keys } from '#adapters/table-keys';
import { makeChatIngest } from '#channels/chat';
import { issueVisitorToken } from '#channels/chat/visitor-token';
import { ingestEmail, type EmailIngestDeps } from '#channels/email/ingest';
import type { SenderCount } from '#channels/email/ports';
import { receiptNotificationsFromLambdaEvent } from '#channels/email/notification';
import { INBOUND_MAIL_PREFIX } from '#definitions/async-invocations';
import { parseEmail } from '#channels/email/parse';
import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '#config/social';
import { socialEventSchema, type SocialEvent } from '#channels/social/events';
import { signMetaBody } from '#channels/social/meta-signature';
import { cachedSecrets } from '#channels/social/secrets';
import { makeSocialWebhook, socialProviders, type SocialProvider } from '#channels/social/webhook';
import { jsonBytes, utf8Bytes } from '#core/bounds';
import { inboundMessageSchema, messageKey, type InboundMessage } from '#core/messages';
import { httpHandler } from '#http/middleware';
import { sesReceiptEvent } from '#local/smtp';
import { MemoryEmailStore } from './email-store-fake';
import { httpEvent, lambdaContext } from './http-fixtures';

/** SQS's message limit (the historic 256 KiB, the budget every queue is sized for). */
export const SQS_LIMIT = 256 * 1024;
const PK_LIMIT = 2048;

const root = join(import.meta.dirname, '../..');
const emailFixtures = readdirSync(join(root, 'test/fixtures/email'))
  .filter((f) => f.endsWith('.eml'))
  .map((f) => readFileSync(join(root, 'test/fixtures/email', f)));
const socialFixtures: Record<SocialProvider, string[]> = Object.fromEntries(
  socialProviders.map((p) => [
    p,
    readdirSync(join(root, 'test/fixtures/social'))
      .filter((f) => f.startsWith(p) || (p === 'telegram' && f.startsWith('telegram')))
      .map((f) => readFileSync(join(root, 'test/fixtures/social', f), 'utf8')),
  ]),
) as Record<SocialProvider, string[]>;

class Invariant extends Error {}
function check(ok: boolean, what: string): void {
  if (!ok) throw new Invariant(what);
}

// ---------------------------------------------------------------- MIME

const awkward = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '\0',
    '\r',
    '\n\n',
    '=?utf-8?B?',
    '=?windows-1254?Q?=FE=F0?=',
    '--',
    'boundary="',
    'charset=iso-8859-9',
    '\uD800',
    '💥',
    'ı'.repeat(2000),
    '€'.repeat(1200),
  ),
);
const headerName = fc.constantFrom(
  'From',
  'To',
  'Cc',
  'Subject',
  'Message-ID',
  'In-Reply-To',
  'References',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Content-Disposition',
  'Date',
  'Return-Path',
  'Auto-Submitted',
  'Reply-To',
);

/** One change to a raw message: bytes inserted, removed or replaced, a header set, the message cut. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: awkward }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 400 }) }),
  fc.record({
    kind: fc.constant('header' as const),
    name: headerName,
    value: fc.oneof(awkward, fc.string({ maxLength: 50 })),
    repeat: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ kind: fc.constant('huge' as const), name: headerName, bytes: fc.integer({ min: 1_000, max: 300_000 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

export function mutate(raw: Buffer, changes: readonly Mutation[]): Buffer {
  let out = raw;
  for (const m of changes) {
    const at = out.length ? ('at' in m ? m.at % (out.length + 1) : 0) : 0;
    if (m.kind === 'insert') out = Buffer.concat([out.subarray(0, at), Buffer.from(m.text, 'utf8'), out.subarray(at)]);
    else if (m.kind === 'delete') out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)]);
    else if (m.kind === 'truncate') out = out.subarray(0, at);
    else if (m.kind === 'bytes') out = Buffer.concat([out.subarray(0, at), Buffer.from(m.bytes), out.subarray(at + m.bytes.length)]);
    else {
      const value = m.kind === 'huge' ? 'ş'.repeat(m.bytes / 2) : m.value;
      const line = Buffer.from(`${m.name}: ${value}\r\n`.repeat(m.kind === 'header' ? m.repeat : 1), 'utf8');
      out = Buffer.concat([line, out]);
    }
  }
  return out;
}

export const mimeCase = fc.record({ fixture: fc.nat({ max: emailFixtures.length - 1 }), changes: fc.array(mutation, { minLength: 1, maxLength: 4 }) });

/** An EmailStore that refuses, as DynamoDB would, any key over the partition-key limit. */
class KeyCheckingStore extends MemoryEmailStore {
  private key(pk: string) {
    check(utf8Bytes(pk) <= PK_LIMIT, `a key of ${utf8Bytes(pk)} bytes`);
  }
  override async conversationOfMessageId(id: string, openedKey?: string) {
    this.key(emailKeys.threadMessage(id).pk);
    if (openedKey) this.key(emailKeys.conversation(openedKey).pk);
    return super.conversationOfMessageId(id, openedKey);
  }
  override async rememberMessageId(id: string, conversationKey: string) {
    this.key(emailKeys.threadMessage(id).pk);
    return super.rememberMessageId(id, conversationKey);
  }
  override async claimSubject(address: string, subjectKey: string, candidate: string, now: Date, windowStart: Date, count?: SenderCount) {
    this.key(emailKeys.subject(address, subjectKey).pk);
    this.key(emailKeys.sender(address).pk);
    return super.claimSubject(address, subjectKey, candidate, now, windowStart, count);
  }
  override async countSenderMail(address: string, count: SenderCount, now: Date) {
    this.key(emailKeys.sender(address).pk);
    return super.countSenderMail(address, count, now);
  }
  override async customerOfAddress(address: string) {
    this.key(keys.identity('email', address).pk);
    return super.customerOfAddress(address);
  }
}

const SUPPORT = 'destek@support.example.com';

/** What the pipeline will store of a message: each key within DynamoDB's limit, the message within SQS's. */
export function checkEnqueued(msg: InboundMessage): void {
  const parsed = inboundMessageSchema.safeParse(JSON.parse(JSON.stringify(msg)));
  check(parsed.success, `an invalid message was enqueued: ${parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  check(jsonBytes(msg) <= SQS_LIMIT, `a message of ${jsonBytes(msg)} bytes was enqueued`);
  for (const { pk } of [
    keys.message(messageKey(msg)),
    keys.thread(msg.channel, msg.conversationKey),
    keys.identity(msg.channel === 'email' ? 'email' : msg.channel, msg.from.address),
  ]) {
    check(utf8Bytes(pk) <= PK_LIMIT, `a key of ${utf8Bytes(pk)} bytes`);
  }
}

/** One mutated mail through the parser and the e-mail ingest core, as the ingest Lambda runs it. */
export async function runMimeCase(c: { fixture: number; changes: readonly Mutation[] }): Promise<void> {
  const raw = mutate(emailFixtures[c.fixture]!, c.changes);
  const parsed = await parseEmail(raw);
  check(Array.isArray(parsed.errors), 'the parser answered no errors list');
  const { deps: base, enqueued } = emailIngestTestDeps({
    store: new KeyCheckingStore(),
    raw,
    support: SUPPORT,
    replyTokenSecret: 'fuzz-reply-token-secret',
    maxMessageBytes: 25 * 1024 * 1024,
    maxAttachmentBytes: 10 * 1024 * 1024,
  });
  const deps: EmailIngestDeps = { ...base, now: () => new Date('2026-11-23T10:00:00Z') };
  const event = sesReceiptEvent({
    raw,
    sesId: 'fuzz',
    timestamp: '2026-11-23T10:00:00.000Z',
    source: 'musteri@example.com',
    recipients: [SUPPORT],
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:emailIngest',
  });
  const notification = receiptNotificationsFromLambdaEvent(event, { bucket: 'inbound', prefix: INBOUND_MAIL_PREFIX })[0]!;
  const result = await ingestEmail(deps, notification);
  if (result.skipped === undefined) {
    check(enqueued.length === 1, `${enqueued.length} messages enqueued for one mail`);
    checkEnqueued(enqueued[0]!);
  }
}

// ---------------------------------------------------------------- JSON

/** JSON values, with strings that break things: long, multibyte, control characters, lone surrogates. */
export const nastyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  awkward,
  fc.integer({ min: 1_000, max: 700_000 }).map((n) => 'ğ'.repeat(n / 2)),
);
const nastyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    nastyString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom('id', 'text', 'body', 'from', 'type', 'messages', 'entry', 'changes', 'value', 'message', 'chat', 'url'),
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

/** A provider's own payload with one value somewhere replaced by a nasty one. */
function replaceSomewhere(value: unknown, path: readonly number[], replacement: unknown): unknown {
  if (!path.length || value === null || typeof value !== 'object') return path.length ? replacement : value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return replacement;
  const [head, ...rest] = path;
  const i = head! % entries.length;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  (copy as Record<string, unknown>)[entries[i]![0]] = rest.length ? replaceSomewhere(entries[i]![1], rest, replacement) : replacement;
  return copy;
}

export const socialCase = fc.record({
  provider: fc.constantFrom(...socialProviders),
  fixture: fc.nat(),
  path: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
  replacement: nastyJson,
  whole: fc.option(nastyJson, { freq: 5 }),
});

/** One signed webhook through the real handler: 200 (every event valid and within limits), 400 or 413. */
export async function runSocialCase(c: { provider: SocialProvider; fixture: number; path: number[]; replacement: unknown; whole: unknown }): Promise<void> {
  const fixtures = socialFixtures[c.provider];
  const base = fixtures.length ? JSON.parse(fixtures[c.fixture % fixtures.length]!) : {};
  const payloads = c.provider === 'telegram' && !Array.isArray(base) && !('update_id' in base) ? Object.values(base) : [base];
  const payload = c.whole ?? replaceSomewhere(payloads[c.fixture % payloads.length], c.path, c.replacement);
  const body = JSON.stringify(payload) ?? 'null';
  const secrets = DEFAULT_LOCAL_SOCIAL_SECRETS;
  const enqueued: SocialEvent[] = [];
  const handler = httpHandler(
    makeSocialWebhook({
      secrets: cachedSecrets(async () => secrets, 'fuzz'),
      enqueue: async (events) => void enqueued.push(...events),
      storeBody:
        ({ message }) =>
        async (file) => ({
          bucket: 'attachments',
          key: `${message.channel}/${file.name}`,
          filename: file.name,
          contentType: file.contentType,
          size: utf8Bytes(file.content),
        }),
    }),
  );
  const headers =
    c.provider === 'telegram'
      ? { 'x-telegram-bot-api-secret-token': secrets.telegramSecretToken }
      : { 'x-hub-signature-256': signMetaBody(body, secrets.appSecret) };
  const res = await handler(
    httpEvent({ routeKey: `POST /webhooks/${c.provider}`, body, headers: { 'content-type': 'application/json', ...headers } }),
    lambdaContext,
  );
  check([200, 400, 413].includes(res.statusCode ?? 0), `answered ${res.statusCode}: ${(res.body ?? '').slice(0, 200)}`);
  if (res.statusCode !== 200) check(enqueued.length === 0, 'refused, yet events were enqueued');
  for (const e of enqueued) {
    check(socialEventSchema.safeParse(JSON.parse(JSON.stringify(e))).success, `an invalid event was enqueued: ${JSON.stringify(e).slice(0, 200)}`);
    check(jsonBytes(e) <= SQS_LIMIT, `an event of ${jsonBytes(e)} bytes was enqueued`);
    if (e.kind === 'message') checkEnqueued(e.message);
  }
}

const CHAT_SECRET = 'chat-token-secret-for-fuzzing-0123456789';
export const chatCase = fc.record({
  body: fc.oneof(
    nastyJson,
    fc.record(
      {
        messageId: fc.oneof(nastyString, fc.stringMatching(/^[a-z0-9]{1,20}$/)),
        text: nastyString,
        name: fc.option(nastyString),
        email: fc.option(nastyString),
      },
      { requiredKeys: [] },
    ),
  ),
  raw: fc.option(fc.string({ unit: 'binary', maxLength: 200 }), { freq: 4 }),
});

/** One chat message over the HTTP fallback: 202 with a valid message, or a 4xx that says why. */
export async function runChatCase(c: { body: unknown; raw: string | null }): Promise<void> {
  const enqueued: InboundMessage[] = [];
  const handler = httpHandler(
    makeChatIngest({
      enqueue: async (m) => void enqueued.push(m),
      store: { takeAllowance: async () => true },
      maxChars: 4000,
      allowedOrigins: ['*'],
      tokenSecret: CHAT_SECRET,
      messagesPerMinute: 1000,
      messagesPerAddressPerMinute: 1000,
    }),
  );
  const token = await issueVisitorToken(CHAT_SECRET, { visitorId: 'v-fuzz' }, 60, new Date('2026-11-23T10:00:00Z'));
  const body = c.raw ?? JSON.stringify(c.body) ?? '';
  const res = await handler(
    httpEvent({ routeKey: 'POST /chat/messages', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }),
    lambdaContext,
  );
  const status = res.statusCode ?? 0;
  check(status === 202 || (status >= 400 && status < 500), `answered ${status}: ${(res.body ?? '').slice(0, 200)}`);
  if (status >= 400) check(typeof JSON.parse(res.body ?? '{}').error?.message === 'string', 'a refusal without a message');
  for (const m of enqueued) checkEnqueued(m);
}

export { fc, Invariant };
