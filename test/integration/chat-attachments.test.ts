import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { issueVisitorToken } from '#channels/chat/visitor-token';
import { attachmentKey } from '#core/attachment-key';
import { MAX_CHAT_FILE_BYTES } from '#definitions/uploads';
import { SAMPLES } from '#test/fixtures/file-samples';
import { s3 } from './agent-helpers';
import { TEST_SHOP_ORIGIN } from './chat-helpers';
import { eventually, http, postChat, stack, stackKey, ticketOfVisitor, unique } from './helpers';

/** A visitor's file as the widget sends it: the bytes as the body, the message id and name in the query. */
async function sendFile(visitorId: string | null, messageId: string, filename: string, bytes: Buffer, declaredType = 'image/jpeg') {
  const token = visitorId ? await issueVisitorToken(stackKey('chat-visitor-token'), { visitorId }, 60) : undefined;
  const res = await fetch(`${stack().info.api}/chat/attachments?messageId=${messageId}&filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { 'content-type': declaredType, origin: TEST_SHOP_ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: bytes,
  });
  return { status: res.status, json: (await res.json()) as any };
}

/** Where a message's files go: the chat channel's folder for that visitor's message, today. */
const folderOf = (visitorId: string, messageId: string) =>
  attachmentKey({ channel: 'chat', channelMessageId: `${visitorId}/${messageId}`, receivedAt: new Date().toISOString() }, 1, 'x').replace(/\/1-x$/, '/');

async function storedUnder(prefix: string): Promise<string[]> {
  const out = await s3().send(new ListObjectsV2Command({ Bucket: stack().info.attachmentsBucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

const timelineOf = async (ticketId: string) => (await http('GET', `/tickets/${ticketId}`)).json.timeline as any[];

describe("a chat visitor's photo or PDF through the local stack", () => {
  it('becomes a message with the file on the ticket; the agent API lists it and links to the same bytes', async () => {
    const visitor = unique('v');
    const sent = await sendFile(visitor, 'photo1', 'kırık kutu.png', SAMPLES.png);
    expect(sent.status).toBe(202);
    expect(sent.json.file).toEqual({ filename: 'kırık kutu.png', contentType: 'image/png', size: SAMPLES.png.length });
    const ticket = await eventually(() => ticketOfVisitor(visitor), 5000, 'the ticket');
    const [message] = await timelineOf(ticket.id);
    expect(message).toMatchObject({ direction: 'in', kind: 'message', from: visitor });
    expect(message.attachments).toEqual([
      {
        bucket: stack().info.attachmentsBucket,
        key: `${folderOf(visitor, 'photo1')}1-kirik_kutu.png`,
        filename: 'kırık kutu.png',
        contentType: 'image/png',
        size: SAMPLES.png.length,
      },
    ]);
    const link = await http('GET', `/tickets/${ticket.id}/files?key=${encodeURIComponent(message.attachments[0].key)}`);
    expect(link.status).toBe(200);
    const file = await fetch(link.json.url);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(SAMPLES.png)).toBe(true);
  });

  it("shows the file by name in the visitor's own history", async () => {
    const visitor = unique('v');
    expect((await sendFile(visitor, 'pdf1', 'fatura.pdf', SAMPLES.pdf, 'application/octet-stream')).status).toBe(202);
    const token = await issueVisitorToken(stackKey('chat-visitor-token'), { visitorId: visitor }, 60);
    const items = await eventually(async () => {
      const res = await fetch(`${stack().info.api}/chat/conversations/${visitor}/messages`, {
        headers: { authorization: `Bearer ${token}`, origin: TEST_SHOP_ORIGIN },
      });
      const page = (await res.json()) as { items: any[] };
      return page.items.length ? page.items : undefined;
    });
    expect(items[0]).toMatchObject({
      direction: 'in',
      clientMessageId: 'pdf1',
      files: [{ filename: 'fatura.pdf', contentType: 'application/pdf', size: SAMPLES.pdf.length }],
    });
    expect(JSON.stringify(items)).not.toContain('"key"');
  });

  it('sent twice, the same message with the same file is one interaction and one stored object', async () => {
    const visitor = unique('v');
    expect((await sendFile(visitor, 'same', 'a.jpg', SAMPLES.jpeg)).status).toBe(202);
    expect((await sendFile(visitor, 'same', 'a.jpg', SAMPLES.jpeg)).status).toBe(202);
    // A later message proves the queue has moved past both copies of the first.
    await postChat(visitor, 'later', 'Kutunun fotoğrafını gönderdim, ürün kırık geldi');
    const ticket = await eventually(
      async () => {
        const t = await ticketOfVisitor(visitor);
        return t?.interactionCount >= 2 && (await timelineOf(t.id)).some((i) => i.text?.includes('fotoğrafını')) ? t : undefined;
      },
      8000,
      'both messages on the ticket',
    );
    const inbound = (await timelineOf(ticket.id)).filter((i) => i.direction === 'in');
    expect(inbound.filter((i) => i.attachments.length)).toHaveLength(1);
    expect(await storedUnder(folderOf(visitor, 'same'))).toEqual([`${folderOf(visitor, 'same')}1-a.jpg`]);
  });

  it('refuses a file whose content is not a photo or PDF (declared and named as a JPEG): 415, nothing stored, no message', async () => {
    const visitor = unique('v');
    const r = await sendFile(visitor, 'exe', 'foto.jpg', SAMPLES.exe, 'image/jpeg');
    expect(r.status).toBe(415);
    expect(r.json.error.message).toMatch(/photo .*PDF/);
    expect(await storedUnder(folderOf(visitor, 'exe'))).toEqual([]);
    // A text message after it opens the ticket with that message alone.
    await postChat(visitor, 'after', 'Merhaba');
    const ticket = await eventually(() => ticketOfVisitor(visitor), 5000);
    expect((await timelineOf(ticket.id)).filter((i) => i.direction === 'in').map((i) => i.text)).toEqual(['Merhaba']);
  });

  it('refuses a file over the limit: 413, nothing stored', async () => {
    const visitor = unique('v');
    const big = Buffer.concat([SAMPLES.jpeg, Buffer.alloc(MAX_CHAT_FILE_BYTES)]);
    const r = await sendFile(visitor, 'big', 'big.jpg', big);
    expect(r.status).toBe(413);
    expect(await storedUnder(folderOf(visitor, 'big'))).toEqual([]);
  });

  it("refuses a file without a visitor token (401): a file joins only the token's own conversation", async () => {
    expect((await sendFile(null, 'anon', 'a.png', SAMPLES.png)).status).toBe(401);
  });
});
