import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { socialEventSchema, type SocialEvent } from '#channels/social/events';
import { WEBHOOK_MAX_BYTES } from '#channels/social/bound-event';
import { MESSAGE_BUDGET_BYTES } from '#core/fit-message';
import { whatsAppMessagePayload } from '#local/social-payloads';
import { isValidMetaSignature, isValidTelegramSecret, signMetaBody } from '#channels/social/meta-signature';
import { cachedSecrets } from '#channels/social/secrets';
import type { SocialSecrets } from '#definitions/social';
import { makeSocialWebhook } from '#channels/social/webhook';
import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '#config/social';
import { httpHandler } from '#http/middleware';
import { httpEvent, lambdaContext } from './http-fixtures';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/social', name), 'utf8');
const secrets: SocialSecrets = { ...DEFAULT_LOCAL_SOCIAL_SECRETS };

function setup(over: Partial<SocialSecrets> = {}) {
  const enqueued: SocialEvent[] = [];
  const ignored: string[] = [];
  const problems: { provider: string; unplaced: string[]; providerErrors: object[] }[] = [];
  const stored = new Map<string, string>();
  const handler = httpHandler(
    makeSocialWebhook({
      secrets: cachedSecrets(async () => ({ ...secrets, ...over }), 'test'),
      enqueue: async (events) => void enqueued.push(...events),
      storeBody:
        ({ message }) =>
        async (file) => {
          const key = `${message.channel}/${message.channelMessageId}/${file.name}`;
          stored.set(key, file.content);
          return { bucket: 'attachments', key, filename: file.name, contentType: file.contentType, size: Buffer.byteLength(file.content) };
        },
      onIgnored: (_p, what) => ignored.push(...what),
      onProblems: (provider, p) => void problems.push({ provider, ...p }),
    }),
  );
  const call = async (routeKey: string, opts: { body?: string; headers?: Record<string, string>; query?: Record<string, string>; base64?: boolean } = {}) => {
    const res = await handler(
      httpEvent({
        routeKey,
        headers: { 'content-type': 'application/json', ...opts.headers },
        ...(opts.body !== undefined
          ? { body: opts.base64 ? Buffer.from(opts.body).toString('base64') : opts.body, isBase64Encoded: Boolean(opts.base64) }
          : {}),
        ...(opts.query ? { queryStringParameters: opts.query } : {}),
      }),
      lambdaContext,
    );
    return { status: res.statusCode, body: res.body ?? '', type: res.headers?.['content-type'] };
  };
  const signed = (body: string, secret = secrets.appSecret) => ({ 'x-hub-signature-256': signMetaBody(body, secret) });
  return { call, signed, enqueued, ignored, stored, problems };
}

describe('Meta webhook signatures (X-Hub-Signature-256)', () => {
  const body = Buffer.from(fixture('whatsapp-batch.json'));
  const header = signMetaBody(body, 'app-secret');

  it('a body signed with the app secret is valid', () => {
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(isValidMetaSignature(body, header, 'app-secret')).toBe(true);
    expect(isValidMetaSignature(body, header.toUpperCase().replace('SHA256=', 'sha256='), 'app-secret')).toBe(true);
  });

  it('a wrong secret, a body changed by one byte, a missing or malformed header are not', () => {
    expect(isValidMetaSignature(body, header, 'other-secret')).toBe(false);
    const changed = Buffer.from(body);
    changed[100] = changed[100]! ^ 1;
    expect(isValidMetaSignature(changed, header, 'app-secret')).toBe(false);
    expect(isValidMetaSignature(body, undefined, 'app-secret')).toBe(false);
    expect(isValidMetaSignature(body, 'sha1=abc', 'app-secret')).toBe(false);
    expect(isValidMetaSignature(body, header.slice(0, -2), 'app-secret')).toBe(false);
  });

  it("Telegram's secret token must match exactly", () => {
    expect(isValidTelegramSecret('s3cret-token', 's3cret-token')).toBe(true);
    expect(isValidTelegramSecret('s3cret-token-', 's3cret-token')).toBe(false);
    expect(isValidTelegramSecret('s3cret', 's3cret-token')).toBe(false);
    expect(isValidTelegramSecret(undefined, 's3cret-token')).toBe(false);
  });
});

describe('GET /webhooks/{provider}: the verification challenge', () => {
  it('echoes hub.challenge as text/plain when hub.verify_token matches', async () => {
    const { call } = setup();
    for (const provider of ['whatsapp', 'messenger', 'instagram']) {
      const r = await call(`GET /webhooks/${provider}`, {
        query: { 'hub.mode': 'subscribe', 'hub.verify_token': secrets.verifyToken, 'hub.challenge': '1158201444' },
      });
      expect(r).toMatchObject({ status: 200, body: '1158201444' });
      expect(r.type).toMatch(/^text\/plain/);
    }
  });

  it('a wrong token, a wrong mode or no token gets 403', async () => {
    const { call } = setup();
    for (const query of <Record<string, string>[]>[
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' },
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': secrets.verifyToken, 'hub.challenge': '1' },
      { 'hub.mode': 'subscribe', 'hub.challenge': '1' },
    ]) {
      const r = await call('GET /webhooks/whatsapp', { query });
      expect(r.status).toBe(403);
      expect(r.body).not.toContain('1"');
    }
  });
});

describe('POST /webhooks/{provider}', () => {
  const batch = fixture('whatsapp-batch.json');

  it('a signed batch is enqueued as one event per message and receipt, and answered 200', async () => {
    const { call, signed, enqueued } = setup();
    const r = await call('POST /webhooks/whatsapp', { body: batch, headers: signed(batch) });
    expect(r).toMatchObject({ status: 200, body: 'EVENT_RECEIVED' });
    expect(enqueued.filter((e) => e.kind === 'message')).toHaveLength(7);
    expect(enqueued.filter((e) => e.kind === 'status')).toHaveLength(3);
  });

  it('verifies the raw bytes when API Gateway hands the body over base64-encoded', async () => {
    const { call, signed, enqueued } = setup();
    const r = await call('POST /webhooks/whatsapp', { body: batch, headers: signed(batch), base64: true });
    expect(r.status).toBe(200);
    expect(enqueued).toHaveLength(10);
  });

  it('a wrong secret, a body changed by one byte or no signature gets 401 and nothing is enqueued', async () => {
    const { call, signed, enqueued } = setup();
    const changed = batch.replace('siparişim', 'siparisim');
    for (const [body, headers] of [
      [batch, signed(batch, 'not-the-app-secret')],
      [changed, signed(batch)],
      [batch, {}],
    ] as const) {
      const r = await call('POST /webhooks/whatsapp', { body, headers });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.message).toBe('missing or wrong X-Hub-Signature-256');
    }
    expect(enqueued).toHaveLength(0);
  });

  it('a signed body that is not JSON gets 400', async () => {
    const { call, signed, enqueued } = setup();
    const body = '{"object": "whatsapp_business_account", ';
    const r = await call('POST /webhooks/messenger', { body, headers: signed(body) });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.message).toBe('body is not valid JSON');
    expect(enqueued).toHaveLength(0);
  });

  it('an event type it does not handle is logged and acknowledged with 200', async () => {
    const { call, signed, enqueued, ignored } = setup();
    const body = fixture('whatsapp-account-update.json');
    const r = await call('POST /webhooks/whatsapp', { body, headers: signed(body) });
    expect(r.status).toBe(200);
    expect(enqueued).toHaveLength(0);
    expect(ignored).toEqual(['field account_update']);
  });

  it('what it cannot place and the errors the provider reports go to the problem log (counted there); the rest is enqueued, answered 200', async () => {
    const { call, signed, enqueued, problems } = setup();
    const bsuid = fixture('whatsapp-bsuid.json');
    expect((await call('POST /webhooks/whatsapp', { body: bsuid, headers: signed(bsuid) })).status).toBe(200);
    expect(enqueued.filter((e) => e.kind === 'message').map((e) => e.kind === 'message' && e.message.from.address)).toEqual([
      'TR.7301845529163740128',
      'TR.9918273645501928374',
    ]);
    const errors = fixture('whatsapp-errors.json');
    expect((await call('POST /webhooks/whatsapp', { body: errors, headers: signed(errors) })).status).toBe(200);
    expect(problems).toEqual([
      { provider: 'whatsapp', unplaced: [expect.stringContaining('without from or from_user_id')], providerErrors: [] },
      { provider: 'whatsapp', unplaced: [], providerErrors: [expect.objectContaining({ code: '131000' }), expect.objectContaining({ code: '131026' })] },
    ]);
  });

  it('a webhook with nothing to place and no errors reports no problem', async () => {
    const { call, signed, problems } = setup();
    expect(
      (await call('POST /webhooks/whatsapp', { body: fixture('whatsapp-interactive-reply.json'), headers: signed(fixture('whatsapp-interactive-reply.json')) }))
        .status,
    ).toBe(200);
    expect(problems).toEqual([]);
  });

  it('Telegram updates need the secret token header', async () => {
    const { call, enqueued } = setup();
    const body = JSON.stringify(JSON.parse(fixture('telegram-updates.json')).text);
    expect((await call('POST /webhooks/telegram', { body, headers: { 'x-telegram-bot-api-secret-token': 'wrong' } })).status).toBe(401);
    expect((await call('POST /webhooks/telegram', { body })).status).toBe(401);
    expect(enqueued).toHaveLength(0);
    const ok = await call('POST /webhooks/telegram', { body, headers: { 'x-telegram-bot-api-secret-token': secrets.telegramSecretToken } });
    expect(ok.status).toBe(200);
    expect(enqueued).toHaveLength(1);
  });

  it('refuses everything while the stack secret still holds its placeholder values', async () => {
    const { call, signed, enqueued } = setup({ appSecret: 'set-me', telegramSecretToken: 'set-me' });
    expect((await call('POST /webhooks/whatsapp', { body: batch, headers: signed(batch, 'set-me') })).status).toBe(401);
    expect((await call('POST /webhooks/telegram', { body: '{}', headers: { 'x-telegram-bot-api-secret-token': 'set-me' } })).status).toBe(401);
    expect(enqueued).toHaveLength(0);
  });
});

describe('POST /webhooks/{provider}: size', () => {
  const waText = (text: string, id = 'wamid.big', extra: Record<string, unknown> = {}) =>
    JSON.stringify(whatsAppMessagePayload({ from: '905321234567', text, ...extra }, id));

  it(`a signed 600 KB WhatsApp text is enqueued within the queue's budget: a preview, the whole text stored as message.txt`, async () => {
    const { call, signed, enqueued, stored } = setup();
    const text = 'Kargom nerede? '.repeat(40_000);
    const body = waText(text);
    expect((await call('POST /webhooks/whatsapp', { body, headers: signed(body) })).status).toBe(200);
    const event = enqueued[0]!;
    expect(event.kind).toBe('message');
    if (event.kind !== 'message') return;
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(MESSAGE_BUDGET_BYTES + 4096);
    expect(event.message.text.startsWith('Kargom nerede?')).toBe(true);
    const file = event.message.attachments.find((a) => a.filename === 'message.txt')!;
    expect(stored.get(file.key)).toBe(text);
  });

  it(`a body over ${WEBHOOK_MAX_BYTES} bytes is refused with 413 and a clear message before anything is enqueued`, async () => {
    const { call, signed, enqueued } = setup();
    const body = waText('x'.repeat(WEBHOOK_MAX_BYTES));
    const res = await call('POST /webhooks/whatsapp', { body, headers: signed(body) });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.message).toContain(`limit is ${WEBHOOK_MAX_BYTES}`);
    expect(enqueued).toHaveLength(0);
  });

  it('ids and names longer than the message schema allows are bounded (hashed ids), so the event the worker reads is valid', async () => {
    const { call, signed, enqueued } = setup();
    const body = waText('merhaba', `wamid.${'ğ'.repeat(2000)}`, { name: 'Ş'.repeat(5000) });
    expect((await call('POST /webhooks/whatsapp', { body, headers: signed(body) })).status).toBe(200);
    expect(socialEventSchema.safeParse(enqueued[0]).success).toBe(true);
  });
});
