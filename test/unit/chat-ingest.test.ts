import { describe, expect, it } from 'vitest';
import { makeChatIngest } from '#channels/chat';
import { localeFromAcceptLanguage } from '#channels/chat/accept';
import { issueVisitorToken } from '#channels/chat/visitor-token';
import type { InboundMessage } from '#core/messages';
import { httpHandler } from '#http/middleware';
import { httpEvent, lambdaContext } from './http-fixtures';

const SECRET = 'chat-token-secret-for-tests-only-0123456789';
const NOW = new Date('2026-11-23T10:00:00Z');
const tokenFor = (visitorId: string, email?: string, ttlMinutes = 60) => issueVisitorToken(SECRET, { visitorId, ...(email ? { email } : {}) }, ttlMinutes, NOW);

function setup(over: { allowedOrigins?: string[]; fail?: Error; perMinute?: number; perAddress?: number } = {}) {
  const enqueued: InboundMessage[] = [];
  const counted = new Map<string, number>();
  const handler = httpHandler(
    makeChatIngest({
      enqueue: async (m) => {
        if (over.fail) throw over.fail;
        enqueued.push(m);
      },
      store: {
        takeAllowance: async (counter, _now, perMinute) => {
          const key = `${counter.kind}#${counter.id}`;
          const n = counted.get(key) ?? 0;
          if (n >= perMinute) return false;
          counted.set(key, n + 1);
          return true;
        },
      },
      maxChars: 100,
      allowedOrigins: over.allowedOrigins ?? ['*'],
      tokenSecret: SECRET,
      messagesPerMinute: over.perMinute ?? 20,
      messagesPerAddressPerMinute: over.perAddress ?? 100,
    }),
  );
  const post = async (body: string | undefined, token: string | undefined, headers: Record<string, string> = {}) => {
    const res = await handler(
      httpEvent({
        routeKey: 'POST /chat/messages',
        body,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      }),
      lambdaContext,
    );
    return { status: res.statusCode, body: JSON.parse(res.body ?? 'null'), enqueued };
  };
  return post;
}

describe('POST /chat/messages (the HTTP fallback)', () => {
  it('a valid message from a token holder is normalised, enqueued once and answered 202', async () => {
    const post = setup();
    const r = await post(
      JSON.stringify({ visitorId: 'v1', messageId: 'm1', text: 'Kargom nerede?', name: 'Ayşe', email: 'ayse@example.com' }),
      await tokenFor('v1'),
      {
        'accept-language': 'tr-TR,tr;q=0.9',
      },
    );
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ status: 'accepted', conversationId: 'v1', messageId: 'm1' });
    expect(r.enqueued).toEqual([
      {
        channel: 'chat',
        channelMessageId: 'v1/m1',
        from: { address: 'v1', name: 'Ayşe', email: 'ayse@example.com' },
        conversationKey: 'v1',
        text: 'Kargom nerede?',
        attachments: [],
        receivedAt: '2026-11-23T10:00:00.000Z',
        localeHint: 'tr-TR',
      },
    ]);
  });

  it('the visitor is the token’s: a body without visitorId posts as them, one naming another visitor gets 403', async () => {
    const post = setup();
    const token = await tokenFor('v1');
    const r = await post(JSON.stringify({ messageId: 'm1', text: 'hi' }), token);
    expect(r.status).toBe(202);
    expect(r.enqueued.map((m) => m.channelMessageId)).toEqual(['v1/m1']);
    const other = await post(JSON.stringify({ visitorId: 'v2', messageId: 'm2', text: 'hi' }), token);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/visitorId/);
    expect(r.enqueued).toHaveLength(1);
  });

  it('no token, a forged token or an expired one gets 401 and enqueues nothing', async () => {
    const post = setup();
    const body = JSON.stringify({ visitorId: 'v1', messageId: 'm1', text: 'hi' });
    const none = await post(body, undefined);
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/POST \/chat\/token/);
    const forged = await post(body, await issueVisitorToken('another-secret-another-secret-0123', { visitorId: 'v1' }, 60, NOW));
    expect(forged.status).toBe(401);
    const expired = await post(body, await issueVisitorToken(SECRET, { visitorId: 'v1' }, 1, new Date(NOW.getTime() - 3_600_000)));
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);
    expect(none.enqueued).toEqual([]);
  });

  it('the address the shop signed into the token wins over a typed one and counts as verified', async () => {
    const post = setup();
    const r = await post(JSON.stringify({ messageId: 'm1', text: 'hi', email: 'typed@example.com' }), await tokenFor('v1', 'signed@example.com'));
    expect(r.status).toBe(202);
    expect(r.enqueued[0]!.from).toEqual({ address: 'v1', email: 'signed@example.com', emailVerified: true });
  });

  it('messages over the per-minute limit get 429 and are not enqueued', async () => {
    const post = setup({ perMinute: 2 });
    const token = await tokenFor('v1');
    const statuses = [];
    for (const id of ['a', 'b', 'c']) statuses.push((await post(JSON.stringify({ messageId: id, text: 'hi' }), token)).status);
    expect(statuses).toEqual([202, 202, 429]);
    const last = await post(JSON.stringify({ messageId: 'd', text: 'hi' }), token);
    expect(last.body.error.code).toBe('rate_limited');
    expect(last.enqueued.map((m) => m.channelMessageId)).toEqual(['v1/a', 'v1/b']);
  });

  it('fresh visitor ids from one client address share one message budget (429 with Retry-After)', async () => {
    const post = setup({ perMinute: 5, perAddress: 3 });
    const statuses = [];
    for (const v of ['v1', 'v2', 'v3', 'v4']) statuses.push(await post(JSON.stringify({ messageId: 'm', text: 'hi' }), await tokenFor(v)));
    expect(statuses.map((r) => r.status)).toEqual([202, 202, 202, 429]);
    const refused = statuses[3]!;
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('from one network address') });
    expect(refused.enqueued.map((m) => m.channelMessageId)).toEqual(['v1/m', 'v2/m', 'v3/m']);
  });

  it('an Accept-Language of "*" or junk gives no locale hint rather than a message the pipeline rejects', async () => {
    const post = setup();
    const token = await tokenFor('v');
    let last;
    for (const [i, header] of ['*', '', '12,en', 'x'.repeat(50)].entries()) {
      last = await post(JSON.stringify({ messageId: `m${i}`, text: 'hi' }), token, { 'accept-language': header });
      expect(last.status).toBe(202);
    }
    expect(last!.enqueued).toHaveLength(4);
    expect(last!.enqueued.every((m) => m.localeHint === undefined)).toBe(true);
    expect(localeFromAcceptLanguage('en-GB;q=0.8, tr')).toBe('en-GB');
  });

  it('invalid JSON gets 400 and enqueues nothing', async () => {
    const r = await setup()('{"visitorId":', await tokenFor('v'));
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({ code: 'invalid_request', message: 'body is not valid JSON' });
    expect(r.enqueued).toEqual([]);
  });

  it('missing and malformed fields get 400 naming each field', async () => {
    const r = await setup()(JSON.stringify({ visitorId: 'bad id!', text: '   ' }), await tokenFor('v'));
    expect(r.status).toBe(400);
    const paths = r.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['messageId', 'text', 'visitorId']);
  });

  it('unknown fields are refused rather than silently dropped', async () => {
    const r = await setup()(JSON.stringify({ messageId: 'm', text: 'hi', admin: true }), await tokenFor('v'));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/admin/);
  });

  it('an empty body gets 400', async () => {
    const r = await setup()(undefined, await tokenFor('v'));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/empty/);
  });

  it('a text over the limit gets 400, a body far over it 413', async () => {
    const post = setup();
    const token = await tokenFor('v');
    const long = await post(JSON.stringify({ messageId: 'm', text: 'x'.repeat(101) }), token);
    expect(long.status).toBe(400);
    const huge = await post(JSON.stringify({ messageId: 'm', text: 'x'.repeat(10_000) }), token);
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });

  it('a body that is not JSON by content type gets 415', async () => {
    const r = await setup()('messageId=m', await tokenFor('v'), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
  });

  it('a page on an origin that is not allowed gets 403', async () => {
    const post = setup({ allowedOrigins: ['https://shop.example'] });
    const token = await tokenFor('v');
    expect((await post(JSON.stringify({ messageId: 'm1', text: 'hi' }), token, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(JSON.stringify({ messageId: 'm2', text: 'hi' }), token, { origin: 'https://shop.example' })).status).toBe(202);
  });

  it('a failure behind the edge answers 500 without internals', async () => {
    const r = await setup({ fail: new Error('AccessDenied: arn:aws:sqs:secret-queue') })(JSON.stringify({ messageId: 'm', text: 'hi' }), await tokenFor('v'));
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ message: 'Internal server error', error: { code: 'internal', message: 'Internal server error', requestId: 'aws-req-1' } });
    expect(JSON.stringify(r.body)).not.toMatch(/secret|arn/);
  });
});
