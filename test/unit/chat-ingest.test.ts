import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage, makeChatIngest } from '../../lambdas/channels/chat';
import type { InboundMessage } from '../../lambdas/core/messages';
import { httpHandler } from '../../lambdas/http/middleware';
import { httpEvent, lambdaContext } from './http-fixtures';

function setup(over: { allowedOrigins?: string[]; fail?: Error } = {}) {
  const enqueued: InboundMessage[] = [];
  const handler = httpHandler(
    makeChatIngest({
      enqueue: async (m) => {
        if (over.fail) throw over.fail;
        enqueued.push(m);
      },
      maxChars: 100,
      allowedOrigins: over.allowedOrigins ?? ['*'],
    }),
  );
  const post = async (body: string | undefined, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const res = await handler(httpEvent({ routeKey: 'POST /chat/messages', body, headers }), lambdaContext);
    return { status: res.statusCode, body: JSON.parse(res.body ?? 'null'), enqueued };
  };
  return post;
}

describe('POST /chat/messages', () => {
  it('a valid message is normalised, enqueued once and answered 202', async () => {
    const post = setup();
    const r = await post(JSON.stringify({ visitorId: 'v1', messageId: 'm1', text: 'Kargom nerede?', name: 'Ayşe', email: 'ayse@example.com' }), {
      'content-type': 'application/json',
      'accept-language': 'tr-TR,tr;q=0.9',
    });
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

  it('an Accept-Language of "*" or junk gives no locale hint rather than a message the pipeline rejects', async () => {
    const post = setup();
    const body = JSON.stringify({ visitorId: 'v', messageId: 'm', text: 'hi' });
    let last;
    for (const header of ['*', '', '12,en', 'x'.repeat(50)]) {
      last = await post(body, { 'content-type': 'application/json', 'accept-language': header });
      expect(last.status).toBe(202);
    }
    expect(last!.enqueued).toHaveLength(4);
    expect(last!.enqueued.every((m) => m.localeHint === undefined)).toBe(true);
    expect(localeFromAcceptLanguage('en-GB;q=0.8, tr')).toBe('en-GB');
  });

  it('invalid JSON gets 400 and enqueues nothing', async () => {
    const r = await setup()('{"visitorId":');
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({ code: 'invalid_request', message: 'body is not valid JSON' });
    expect(r.enqueued).toEqual([]);
  });

  it('missing and malformed fields get 400 naming each field', async () => {
    const r = await setup()(JSON.stringify({ visitorId: 'bad id!', text: '   ' }));
    expect(r.status).toBe(400);
    const paths = r.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['messageId', 'text', 'visitorId']);
  });

  it('unknown fields are refused rather than silently dropped', async () => {
    const r = await setup()(JSON.stringify({ visitorId: 'v', messageId: 'm', text: 'hi', admin: true }));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/admin/);
  });

  it('an empty body gets 400', async () => {
    const r = await setup()(undefined);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/empty/);
  });

  it('a text over the limit gets 400, a body far over it 413', async () => {
    const post = setup();
    const long = await post(JSON.stringify({ visitorId: 'v', messageId: 'm', text: 'x'.repeat(101) }));
    expect(long.status).toBe(400);
    const huge = await post(JSON.stringify({ visitorId: 'v', messageId: 'm', text: 'x'.repeat(10_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });

  it('a body that is not JSON by content type gets 415', async () => {
    const r = await setup()('visitorId=v', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
  });

  it('a page on an origin that is not allowed gets 403', async () => {
    const post = setup({ allowedOrigins: ['https://shop.example'] });
    const body = JSON.stringify({ visitorId: 'v', messageId: 'm', text: 'hi' });
    expect((await post(body, { 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(body, { 'content-type': 'application/json', origin: 'https://shop.example' })).status).toBe(202);
  });

  it('a failure behind the edge answers 500 without internals', async () => {
    const r = await setup({ fail: new Error('AccessDenied: arn:aws:sqs:secret-queue') })(
      JSON.stringify({ visitorId: 'v', messageId: 'm', text: 'hi' }),
    );
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ error: { code: 'internal', message: 'Internal server error', requestId: 'aws-req-1' } });
    expect(JSON.stringify(r.body)).not.toMatch(/secret|arn/);
  });
});
