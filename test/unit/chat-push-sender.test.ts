import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '#core/messages';
import { makeChatPushSender, type ConnectionPusher } from '#channels/chat/push-sender';
import type { ChatStore } from '#channels/chat/ports';
import { interactionId } from '#core/model';
import { issueVisitorToken, signCustomerRef, verifyCustomerRef, verifyVisitorToken } from '#channels/chat/visitor-token';

const reply = (kind: OutboundMessage['kind'] = 'agent_reply'): OutboundMessage => ({
  outboundId: 'o1',
  ticketId: '10001',
  interactionKey: '2026-11-23T10:00:00.000Z#o1',
  kind,
  channel: 'chat',
  to: 'v1',
  conversationKey: 'v1',
  text: 'Merhaba',
  locale: 'tr',
  createdAt: '2026-11-23T10:00:00.000Z',
});

function fakes(connections: string[], gone: string[] = [], email?: string) {
  const deleted: string[] = [];
  const posted: { id: string; data: string }[] = [];
  const recorded: OutboundMessage[] = [];
  const queued: OutboundMessage[] = [];
  const store = {
    listConnections: async () => connections,
    deleteConnection: async (id: string) => void deleted.push(id),
    visitorEmail: async () => email,
    recordEmailFallback: async (m: Omit<OutboundMessage, 'interactionKey'>) => {
      const withInteraction = { ...m, interactionKey: interactionId(m.createdAt, m.outboundId) };
      recorded.push(withInteraction);
      return withInteraction;
    },
  } as unknown as ChatStore;
  const pusher: ConnectionPusher = {
    post: async (id, data) => (gone.includes(id) ? 'gone' : (posted.push({ id, data }), 'sent')),
    close: async () => undefined,
  };
  const sender = makeChatPushSender({ store, pusher, outbound: { send: async (m) => void queued.push(m), sendAll: async (ms) => void queued.push(...ms) } });
  return { sender, deleted, posted, recorded, queued };
}

describe('the chat push sender', () => {
  it('pushes one message frame to every live connection of the conversation', async () => {
    const f = fakes(['a', 'b']);
    const r = await f.sender.send({ ...reply('bot_answer'), actions: [{ type: 'handover', label: 'Temsilciye bağlan', value: 'temsilci' }] });
    expect(f.posted.map((p) => p.id)).toEqual(['a', 'b']);
    expect(JSON.parse(f.posted[0]!.data)).toEqual({
      type: 'message',
      id: reply().interactionKey,
      kind: 'bot_answer',
      text: 'Merhaba',
      at: reply().createdAt,
      actions: [{ type: 'handover', label: 'Temsilciye bağlan', value: 'temsilci' }],
    });
    expect(r.providerMessageId).toBe('chat:o1:pushed:2');
  });

  it('removes a gone connection and still delivers to the others', async () => {
    const f = fakes(['gone', 'live'], ['gone']);
    expect((await f.sender.send(reply())).providerMessageId).toBe('chat:o1:pushed:1');
    expect(f.deleted).toEqual(['gone']);
  });

  it("with nobody connected, an agent's reply goes on by e-mail as its own outbound, recorded first", async () => {
    const f = fakes(['gone'], ['gone'], 'ayse@example.com');
    const r = await f.sender.send(reply());
    expect(f.recorded).toEqual(f.queued);
    expect(f.queued[0]).toMatchObject({
      channel: 'email',
      to: 'ayse@example.com',
      outboundId: 'o1-email',
      interactionKey: '2026-11-23T10:00:00.000Z#o1-email',
      text: 'Merhaba',
    });
    expect(r.providerMessageId).toBe('chat:o1:email:o1-email');
  });

  it("with nobody connected, a bot answer waits for the widget's history, and no e-mail address means waiting too", async () => {
    const bot = fakes([], [], 'ayse@example.com');
    expect((await bot.sender.send(reply('bot_answer'))).providerMessageId).toBe('chat:o1:waiting');
    const noEmail = fakes([]);
    expect((await noEmail.sender.send(reply())).providerMessageId).toBe('chat:o1:waiting');
    expect([...bot.queued, ...noEmail.queued]).toEqual([]);
  });
});

describe('visitor tokens and customer references', () => {
  const secret = 'visitor-secret-visitor-secret-0123456789';
  const shop = 'shop-secret-shop-secret-shop-secret-0123';

  it('a token names its visitor and the e-mail the shop vouched for', async () => {
    const token = await issueVisitorToken(secret, { visitorId: 'v1', email: 'a@example.com' }, 10);
    expect(await verifyVisitorToken(secret, token)).toEqual({ visitorId: 'v1', email: 'a@example.com' });
  });

  it('an expired token is refused, except for renewal within the grace period', async () => {
    const token = await issueVisitorToken(secret, { visitorId: 'v1' }, 1, new Date(Date.now() - 3_600_000));
    await expect(verifyVisitorToken(secret, token)).rejects.toThrow('the visitor token has expired; renew it at POST /chat/token');
    expect(await verifyVisitorToken(secret, token, { renewWithinSeconds: 86_400 })).toEqual({ visitorId: 'v1' });
  });

  it('a token signed with another key, or a customer reference used as a token, is refused', async () => {
    await expect(verifyVisitorToken(secret, await issueVisitorToken('another-key-another-key-another-key', { visitorId: 'v1' }, 10))).rejects.toThrow(
      'not valid',
    );
    await expect(verifyVisitorToken(shop, await signCustomerRef(shop, 'a@example.com'))).rejects.toThrow('not valid');
  });

  it("a customer reference gives the shop's customer's e-mail, lower-cased; a forged one is refused", async () => {
    expect(await verifyCustomerRef(shop, await signCustomerRef(shop, 'Ayse.Yilmaz@Example.com'))).toBe('ayse.yilmaz@example.com');
    await expect(verifyCustomerRef(shop, await signCustomerRef('not-the-shop-not-the-shop-not-the-shop', 'a@example.com'))).rejects.toThrow(
      'customer reference is not valid',
    );
  });
});
