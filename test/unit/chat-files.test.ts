import { describe, expect, it } from 'vitest';
import { makeChatIngest } from '#channels/chat';
import { chatFileName, checkChatFile } from '#channels/chat/files';
import { issueVisitorToken } from '#channels/chat/visitor-token';
import type { InboundMessage } from '#core/messages';
import { httpHandler } from '#http/middleware';
import { SAMPLES } from '#test/fixtures/file-samples';
import { httpEvent, lambdaContext } from './http-fixtures';

describe('the chat file content check', () => {
  it.each([
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
    ['webp', 'image/webp'],
    ['heic', 'image/heic'],
    ['pdf', 'application/pdf'],
  ] as const)('takes a %s by its bytes and names its type from them', async (kind, type) => {
    const file = await checkChatFile(SAMPLES[kind], `dosya.${kind}`, 1024);
    expect(file.contentType).toBe(type);
    expect(file.size).toBe(SAMPLES[kind].length);
  });

  it.each(['gif', 'exe', 'text', 'svg'] as const)('refuses a %s named and declared as a photo: 415, whatever the name says', async (kind) => {
    await expect(checkChatFile(SAMPLES[kind], 'foto.jpg', 1024)).rejects.toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });

  it('refuses a file over the limit (413) and an empty one (400)', async () => {
    await expect(checkChatFile(Buffer.concat([SAMPLES.jpeg, Buffer.alloc(2000)]), 'a.jpg', 1024)).rejects.toMatchObject({ status: 413 });
    await expect(checkChatFile(Buffer.alloc(0), 'a.jpg', 1024)).rejects.toMatchObject({ status: 400 });
  });

  it("keeps the customer's letters in the shown name, drops paths, controls and bidi overrides, and gives it the content's extension", () => {
    expect(chatFileName('kırık-ürün.JPG', 'image/jpeg')).toBe('kırık-ürün.JPG');
    expect(chatFileName('C:\\Users\\a\\fatura.exe', 'application/pdf')).toBe('fatura.exe.pdf');
    expect(chatFileName('../../etc/"x"\u0000.png', 'image/png')).toBe('_x_.png');
    expect(chatFileName('...', 'image/webp')).toBe('file.webp');
    expect(chatFileName('fatura\u202Efdp.exe', 'application/pdf')).toBe('faturafdp.exe.pdf');
  });
});

const SECRET = 'chat-token-secret-for-tests-only-0123456789';
const NOW = new Date('2026-11-23T10:00:00Z');

function setup(maxBytes = 4096) {
  const enqueued: InboundMessage[] = [];
  const stored = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const allowances: string[] = [];
  const handler = httpHandler(
    makeChatIngest({
      enqueue: async (m) => {
        enqueued.push(m);
      },
      store: {
        takeAllowance: async (counter) => {
          allowances.push(counter.kind);
          return true;
        },
      },
      maxChars: 100,
      allowedOrigins: ['*'],
      tokenSecret: SECRET,
      messagesPerMinute: 20,
      messagesPerAddressPerMinute: 100,
      files: {
        bucket: 'files',
        maxBytes,
        put: async (key, bytes, contentType) => {
          stored.set(key, { bytes, contentType });
        },
      },
    }),
  );
  const post = async (bytes: Buffer, query: Record<string, string>, visitorId: string | null = 'v1') => {
    const token = visitorId ? await issueVisitorToken(SECRET, { visitorId }, 60, NOW) : 'none';
    const res = await handler(
      httpEvent({
        routeKey: 'POST /chat/attachments',
        queryStringParameters: query,
        body: bytes.toString('base64'),
        isBase64Encoded: true,
        headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${token}` },
      }),
      lambdaContext,
    );
    return { status: res.statusCode, body: JSON.parse(res.body ?? 'null') };
  };
  return { post, enqueued, stored, allowances };
}

describe('POST /chat/attachments', () => {
  it("stores a photo under the chat channel's attachment key and enqueues the visitor's message with it", async () => {
    const { post, enqueued, stored } = setup();
    const r = await post(SAMPLES.png, { messageId: 'm1', filename: 'kırık kutu.png' });
    expect(r.status).toBe(202);
    expect(r.body.file).toEqual({ filename: 'kırık kutu.png', contentType: 'image/png', size: SAMPLES.png.length });
    const [key] = [...stored.keys()];
    expect(key).toMatch(/^chat\/2026\/11\/23\/[0-9a-f]{32}\/1-kirik_kutu\.png$/);
    expect(stored.get(key!)?.contentType).toBe('image/png');
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]).toMatchObject({
      channel: 'chat',
      channelMessageId: 'v1/m1',
      conversationKey: 'v1',
      text: '',
      attachments: [{ bucket: 'files', key, filename: 'kırık kutu.png', contentType: 'image/png', size: SAMPLES.png.length }],
    });
  });

  it('stores a resent message (same id, same file) under the same key, so the file is kept once', async () => {
    const { post, stored, enqueued } = setup();
    await post(SAMPLES.pdf, { messageId: 'm2', filename: 'fatura.pdf' });
    await post(SAMPLES.pdf, { messageId: 'm2', filename: 'fatura.pdf' });
    expect(stored.size).toBe(1);
    expect(enqueued.map((m) => m.channelMessageId)).toEqual(['v1/m2', 'v1/m2']);
  });

  it("keys another visitor's file with the same message id apart: a visitor's files are their conversation's only", async () => {
    const { post, stored, enqueued } = setup();
    await post(SAMPLES.jpeg, { messageId: 'same', filename: 'a.jpg' }, 'v1');
    await post(SAMPLES.jpeg, { messageId: 'same', filename: 'a.jpg' }, 'v2');
    expect(stored.size).toBe(2);
    expect(enqueued.map((m) => m.conversationKey)).toEqual(['v1', 'v2']);
  });

  it('refuses a file of the wrong content or over the limit before anything is counted, stored or enqueued', async () => {
    const { post, stored, enqueued, allowances } = setup(1024);
    const wrong = await post(SAMPLES.exe, { messageId: 'm3', filename: 'foto.jpg' });
    expect(wrong.status).toBe(415);
    expect(wrong.body.error.message).toMatch(/photo .*PDF/);
    const big = await post(Buffer.concat([SAMPLES.jpeg, Buffer.alloc(4096)]), { messageId: 'm4', filename: 'big.jpg' });
    expect(big.status).toBe(413);
    expect({ stored: stored.size, enqueued: enqueued.length, allowances }).toEqual({ stored: 0, enqueued: 0, allowances: [] });
  });

  it('names a bad query parameter and refuses a request without a visitor token', async () => {
    const { post } = setup();
    const bad = await post(SAMPLES.png, { messageId: 'has space', filename: 'a.png' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('query.messageId');
    expect((await post(SAMPLES.png, { messageId: 'm5', filename: 'a.png' }, null)).status).toBe(401);
  });
});
