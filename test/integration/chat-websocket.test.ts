import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueVisitorToken, signCustomerRef } from '#channels/chat/visitor-token';
import { inbound, ticketOf } from './agent-helpers';
import { agentReply, ChatClient, chatStore, history, visitorToken } from './chat-helpers';
import { eventually, http, stack, stackKey, ticketOfVisitor } from './helpers';

const refused = (p: Promise<unknown>) =>
  p.then(
    () => 'opened',
    (e: { status?: number }) => e.status,
  );

describe('live chat over the WebSocket API', () => {
  it("pushes the bot's answer to an order question on the same connection", async () => {
    const token = await visitorToken();
    const chat = await ChatClient.open(token.token);
    const id = chat.say('kargom nerede 100001');
    expect(await chat.next((f) => f.type === 'ack')).toEqual({ type: 'ack', messageId: id });
    const answer = await chat.next((f) => f.type === 'message');
    // An unverified visitor hears the status and the expected date, never the tracking details.
    expect(answer).toMatchObject({ kind: 'bot_answer' });
    expect(answer.text).toContain('100001 numaralı siparişiniz');
    expect(answer.text).toContain('Tahmini teslim');
    // The message's id is the interaction's: its time and id, in no table's key format.
    expect(answer.id).toMatch(/^\d{4}-\d\d-\d\dT[0-9:.]+Z#[A-Za-z0-9_.-]+$/);
    await chat.close();
  });

  it("a shop-vouched customer joins their history and sees their own order's details", async () => {
    const ref = await signCustomerRef(stack().info.chatShopSecret, 'ayse.yilmaz@example.com');
    const token = await visitorToken({ customerRef: ref });
    const chat = await ChatClient.open(token.token);
    chat.say('kargom nerede 100002');
    // 100002 is Mehmet's: Ayşe gets the status only.
    const other = await chat.next((f) => f.type === 'message');
    expect(other.text).toContain('100002');
    expect(other.text).not.toMatch(/takip|tracking/i);
    await chat.close();
    const ticket = await ticketOfVisitor(token.visitorId);
    expect(ticket).toBeDefined();
  });

  it('refuses a connection without a token, with a forged, expired or garbage token (401)', async () => {
    const secret = stackKey('chat-visitor-token');
    const expired = await issueVisitorToken(secret, { visitorId: 'v_expired' }, 5, new Date(Date.now() - 3_600_000));
    const forged = await issueVisitorToken('not-the-secret-not-the-secret-123', { visitorId: 'v_forged' }, 5);
    expect(await refused(ChatClient.open(undefined))).toBe(401);
    expect(await refused(ChatClient.open('garbage'))).toBe(401);
    expect(await refused(ChatClient.open(expired))).toBe(401);
    expect(await refused(ChatClient.open(forged))).toBe(401);
  });

  it('refuses pages from origins not on the allow-list: connect 403, token 403, history 403', async () => {
    const token = await visitorToken();
    expect(await refused(ChatClient.open(token.token, 'https://evil.example'))).toBe(403);
    const t = await fetch(`${stack().info.api}/chat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{}',
    });
    expect(t.status).toBe(403);
    expect((await history(token, '', 'https://evil.example')).status).toBe(403);
  });

  it('answers malformed, oversized and unknown frames with error frames, and stores none of them', async () => {
    const token = await visitorToken();
    const chat = await ChatClient.open(token.token);
    chat.send('this is not json');
    expect(await chat.next((f) => f.code === 'invalid_json')).toMatchObject({ type: 'error', message: 'the frame is not valid JSON' });
    chat.send({ action: 'sendMessage', text: 'no id' });
    expect(await chat.next((f) => f.code === 'invalid_message')).toMatchObject({ type: 'error', message: expect.stringContaining('messageId') });
    chat.send({ action: 'sendMessage', messageId: 'big', text: 'x'.repeat(4001) });
    expect(await chat.next((f) => f.code === 'too_large')).toMatchObject({ type: 'error', messageId: 'big', message: expect.stringContaining('4000') });
    chat.send({ action: 'sendMessage', messageId: 'blank', text: '   ' });
    expect(await chat.next((f) => f.messageId === 'blank')).toMatchObject({ type: 'error', code: 'invalid_message' });
    chat.send({ action: 'shout', text: 'hi' });
    expect(await chat.next((f) => f.code === 'unknown_action')).toMatchObject({ type: 'error' });
    // The connection stays usable, and nothing reached the pipeline.
    expect(chat.ws.readyState).toBe(chat.ws.OPEN);
    await new Promise((r) => setTimeout(r, 500));
    expect(await ticketOfVisitor(token.visitorId)).toBeUndefined();
    await chat.close();
  });

  it('closes a connection that sends a frame above the 128 KB message limit', async () => {
    const chat = await ChatClient.open((await visitorToken()).token);
    const closed = new Promise<number>((r) => chat.ws.once('close', (code) => r(code)));
    chat.send({ action: 'sendMessage', messageId: 'huge', text: 'x'.repeat(140 * 1024) });
    expect(await closed).toBe(1009);
  });

  it('limits messages per visitor per minute with rate_limited error frames', async () => {
    // The counter is per clock minute: start well inside one.
    if (new Date().getSeconds() > 45) await new Promise((r) => setTimeout(r, (61 - new Date().getSeconds()) * 1000));
    const token = await visitorToken();
    const chat = await ChatClient.open(token.token);
    const limit = Number(stack().envs.chatSocket.CHAT_MESSAGES_PER_MINUTE);
    for (let i = 0; i < limit; i++) chat.say(`mesaj ${i}`, `m${i}`);
    chat.say('bir tane daha', 'over');
    expect(await chat.next((f) => f.messageId === 'over')).toMatchObject({
      type: 'error',
      code: 'rate_limited',
      message: expect.stringContaining(`${limit} messages a minute`),
    });
    const acks = await eventually(async () => {
      const n = chat.frames.filter((f) => f.type === 'ack').length;
      return n === limit ? n : undefined;
    });
    expect(acks).toBe(limit);
    await chat.close();
  }, 90_000);

  it('a message resent after a dropped connection is stored once', async () => {
    const token = await visitorToken();
    const first = await ChatClient.open(token.token);
    first.say('merhaba, iade yapmak istiyorum', 'resend-1');
    // The connection drops before the widget saw the answer; it reconnects and resends the same id.
    first.ws.terminate();
    const second = await ChatClient.open(token.token);
    second.say('merhaba, iade yapmak istiyorum', 'resend-1');
    await second.next((f) => f.type === 'ack');
    second.say('ve kargo ücreti ne kadar?', 'after-resend');
    const h = await eventually(
      async () => {
        const r = await history(token);
        return r.json.items.filter((i: any) => i.direction === 'in').length === 2 ? r : undefined;
      },
      8000,
      'both messages in the history',
    );
    await new Promise((r) => setTimeout(r, 300));
    const inbound = (await history(token)).json.items.filter((i: any) => i.direction === 'in');
    expect(inbound.map((i: any) => i.clientMessageId)).toEqual(['resend-1', 'after-resend']);
    expect(h.status).toBe(200);
    await second.close();
  });

  it("an agent's reply reaches every open connection of the visitor, with its buttons", async () => {
    const token = await visitorToken();
    const a = await ChatClient.open(token.token);
    a.say('Müşteri hizmetleriniz rezalet, şikayetçiyim');
    await a.next((f) => f.type === 'message');
    const b = await ChatClient.open(token.token);
    const reply = await agentReply(token.visitorId, 'Merhaba, ben Elif. Hemen bakıyorum.', [{ type: 'handover', label: 'Teşekkürler', value: 'teşekkürler' }]);
    for (const c of [a, b]) {
      expect(await c.next((f) => f.kind === 'agent_reply')).toMatchObject({
        type: 'message',
        id: reply.interactionKey,
        text: reply.text,
        actions: reply.actions,
      });
    }
    await Promise.all([a.close(), b.close()]);
  });

  it('an agent writing shows as typing frames on the visitor’s connections; non-chat and unknown tickets are refused', async () => {
    const token = await visitorToken();
    const chat = await ChatClient.open(token.token);
    chat.say('Müşteri hizmetleriniz rezalet, şikayetçiyim');
    await chat.next((f) => f.type === 'message');
    const ticket = await eventually(() => ticketOfVisitor(token.visitorId), 5000, 'the ticket');
    const on = await http('POST', `/tickets/${ticket.id}/typing`, { body: { typing: true } });
    expect(on).toMatchObject({ status: 202, json: { pushed: 1 } });
    expect(await chat.next((f) => f.type === 'typing')).toEqual({ type: 'typing', on: true });
    const seen = chat.frames.length;
    expect((await http('POST', `/tickets/${ticket.id}/typing`, { body: { typing: false } })).json).toEqual({ pushed: 1 });
    expect(await chat.next((f) => f.type === 'typing', 8000, seen)).toEqual({ type: 'typing', on: false });
    // Nothing of it is stored on the timeline.
    const detail = await http('GET', `/tickets/${ticket.id}`);
    expect(detail.json.timeline.map((i: { kind: string }) => i.kind)).toEqual(['message', 'acknowledgement']);
    expect((await http('POST', `/tickets/${ticket.id}/typing`, { body: { typing: 'yes' } })).status).toBe(400);
    expect((await http('POST', '/tickets/999999999/typing', { body: { typing: true } })).status).toBe(404);
    const root = `<${randomUUID()}@mail.example>`;
    await inbound({
      channel: 'email',
      channelMessageId: root,
      from: { address: 'typing@example.com' },
      conversationKey: root,
      subject: 'Şikayet',
      text: 'Şikayetçiyim, kimse dönmüyor!',
    });
    const mail = await ticketOf('email', root);
    const refusedMail = await http('POST', `/tickets/${mail.id}/typing`, { body: { typing: true } });
    expect(refusedMail.status).toBe(409);
    expect(refusedMail.json.error.message).toMatch(/live chat only/);
    expect((await http('POST', `/tickets/${ticket.id}/typing`, { body: { typing: true }, token: null })).status).toBe(401);
    await chat.close();
    // Nobody connected: told to no one, and that is not an error.
    expect((await http('POST', `/tickets/${ticket.id}/typing`, { body: { typing: true } })).json).toEqual({ pushed: 0 });
  });

  it('a gone connection (410) is removed and the live one still gets the reply', async () => {
    const token = await visitorToken();
    const live = await ChatClient.open(token.token);
    live.say('şikayet etmek istiyorum, ürün kırık geldi');
    await live.next((f) => f.type === 'message');
    // A connection whose $disconnect never came (API Gateway does not promise it).
    const store = chatStore();
    await store.putConnection(
      { connectionId: 'gone-connection', visitorId: token.visitorId, connectedAt: new Date().toISOString() },
      new Date(Date.now() + 3_600_000),
    );
    expect(await store.listConnections(token.visitorId)).toContain('gone-connection');
    await agentReply(token.visitorId, 'Çok üzgünüz, yenisini gönderiyoruz.');
    await live.next((f) => f.kind === 'agent_reply');
    await eventually(
      async () => ((await store.listConnections(token.visitorId)).includes('gone-connection') ? undefined : true),
      5000,
      'the gone connection to be removed',
    );
    await live.close();
    // Closing removes the live one too ($disconnect).
    await eventually(async () => ((await store.listConnections(token.visitorId)).length === 0 ? true : undefined), 5000, '$disconnect');
  });

  it('a reply while the visitor is away waits in the history; an agent reply goes on by e-mail when the visitor left one', async () => {
    const token = await visitorToken();
    const chat = await ChatClient.open(token.token);
    chat.send({
      action: 'sendMessage',
      messageId: 'with-email',
      text: 'Ürünüm kırık geldi, şikayetçiyim',
      email: `away-${randomUUID().slice(0, 6)}@example.com`,
    });
    await chat.next((f) => f.type === 'message');
    await chat.close();
    const reply = await agentReply(token.visitorId, 'Yenisini kargoya verdik.');
    const ticket = await ticketOfVisitor(token.visitorId);
    // The e-mail outbound is written before the chat reply's delivery is marked sent: wait for both.
    const timeline = await eventually(
      async () => {
        const r = await http('GET', `/tickets/${ticket.id}`);
        const email = r.json.timeline.find((i: any) => i.channel === 'email' && i.kind === 'agent_reply');
        const chatReply = r.json.timeline.find((i: any) => i.channel === 'chat' && i.kind === 'agent_reply');
        return email && chatReply?.delivery?.status === 'sent' ? r.json.timeline : undefined;
      },
      8000,
      'the e-mail outbound and the chat reply delivered',
    );
    const chatReply = timeline.find((i: any) => i.channel === 'chat' && i.kind === 'agent_reply');
    expect(chatReply).toMatchObject({ text: reply.text, delivery: { status: 'sent' } });
    const email = timeline.find((i: any) => i.channel === 'email');
    expect(email).toMatchObject({ direction: 'out', text: reply.text, to: expect.stringMatching(/^away-.*@example\.com$/) });
    // And the reconnecting widget finds the reply in the history.
    const h = await history(token);
    expect(h.json.items.at(-1)).toMatchObject({ kind: 'agent_reply', text: reply.text });
    // The visitor's own message is a cursor like any other: what came after it, oldest first.
    const mine = h.json.items.find((i: any) => i.clientMessageId === 'with-email');
    const after = await history(token, `?after=${encodeURIComponent(mine.id)}`);
    expect(after.status).toBe(200);
    expect(after.json.items.map((i: any) => i.kind)).toEqual(h.json.items.slice(h.json.items.indexOf(mine) + 1).map((i: any) => i.kind));
    expect(after.json.items.at(-1)).toMatchObject({ kind: 'agent_reply', text: reply.text });
  });
});
