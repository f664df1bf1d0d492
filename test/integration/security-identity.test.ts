import { randomInt } from 'node:crypto';
import { PutCommand } from '#adapters/aws/dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { identityItem, keys } from '#adapters/table-keys';
import { signCustomerRef } from '#channels/chat/visitor-token';
import type { Order } from '#core/model';
import { LOCAL_CREDENTIALS } from '#local/storage';
import { ChatClient, history, visitorToken } from './chat-helpers';
import { eventually, http, postChat, stack, ticketOfVisitor, unique } from './helpers';

/**
 * A customer the shop knows: an order of theirs with a tracking number, their e-mail address and
 * phone on the customer record (as after a WhatsApp message and a verified order). Each run has its
 * own, so nothing here depends on what other tests did with the demo customers.
 */
const victim = { email: `${unique('musteri')}@example.com`, phone: `+90532${randomInt(1_000_000, 9_999_999)}`, customerId: unique('c_victim') };
const order: Order = {
  orderNumber: String(randomInt(700_000_000, 799_999_999)),
  status: 'shipped',
  customerEmail: victim.email,
  customerPhone: victim.phone,
  carrier: 'Yurtiçi Kargo',
  trackingNumber: String(randomInt(100_000_000_000, 999_999_999_999)),
  trackingUrl: 'https://kargo.example/takip',
  estimatedDelivery: '2026-03-09',
  updatedAt: '2026-03-06T15:40:05Z',
};
const asksForOrder = `siparis ${order.orderNumber} nerde kaldi acaba`;

beforeAll(async () => {
  const { info } = stack();
  const db = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials: LOCAL_CREDENTIALS });
  await db.send(new PutCommand({ TableName: info.ordersTableName!, Item: order }));
  await db.send(
    new PutCommand({
      TableName: info.tableName,
      Item: {
        ...keys.customer(victim.customerId),
        type: 'customer',
        id: victim.customerId,
        email: victim.email,
        phone: victim.phone,
        createdAt: new Date().toISOString(),
      },
    }),
  );
  await db.send(new PutCommand({ TableName: info.tableName, Item: identityItem({ channel: 'email', address: victim.email, customerId: victim.customerId }) }));
});

/** The bot's first pushed answer to a message sent over the WebSocket. */
async function answerTo(token: string, frame: Record<string, unknown>) {
  const chat = await ChatClient.open(token);
  chat.send({ action: 'sendMessage', messageId: unique('m'), ...frame });
  const answer = await chat.next((f) => f.type === 'message', 10_000);
  await chat.close();
  return answer;
}

describe('a typed e-mail address proves nothing', () => {
  it('the shop-signed customer reference links the visitor: order details, and the history follows the customer to a new visitor', async () => {
    const ref = await signCustomerRef(stack().info.chatShopSecret, victim.email);
    const first = await visitorToken({ customerRef: ref });
    expect((await answerTo(first.token, { text: asksForOrder })).text).toContain(order.trackingNumber);
    const ticket = await eventually(() => ticketOfVisitor(first.visitorId), 8000, 'the signed visitor’s ticket');
    expect(ticket.customerId).toBe(victim.customerId);

    // The same customer on another device: a new visitor id, the same signed reference.
    const second = await visitorToken({ customerRef: ref });
    expect(second.visitorId).not.toBe(first.visitorId);
    const h = await history(second);
    expect(h.status).toBe(200);
    expect(h.json.items.map((i: { text: string }) => i.text).join('\n')).toContain(order.trackingNumber);
  });

  it('a WebSocket frame’s typed address links nothing, shows no history and unlocks no order details; agents see it as an unverified hint', async () => {
    // The real customer's conversation exists first (it holds the tracking number).
    const owner = await visitorToken({ customerRef: await signCustomerRef(stack().info.chatShopSecret, victim.email) });
    await answerTo(owner.token, { text: asksForOrder });

    const stranger = await visitorToken();
    const answer = await answerTo(stranger.token, { text: asksForOrder, email: victim.email.toUpperCase() });
    expect(answer.text).toContain(order.orderNumber);
    expect(answer.text).not.toContain(order.trackingNumber);

    const h = await history(stranger);
    expect(h.status).toBe(200);
    const texts = h.json.items.map((i: { text: string }) => i.text);
    expect(texts.join('\n')).not.toContain(order.trackingNumber);
    // Only the stranger's own message and the answer to it.
    expect(h.json.items).toHaveLength(2);

    const ticket = await eventually(() => ticketOfVisitor(stranger.visitorId), 8000, 'the stranger’s ticket');
    expect(ticket.customerId).not.toBe(victim.customerId);
    expect(ticket.contactHints).toEqual([{ type: 'email', value: victim.email, verified: false }]);
    const customer = await http('GET', `/customers/${ticket.customerId}`);
    expect(customer.json).toMatchObject({ email: null, contactHints: [{ type: 'email', value: victim.email, verified: false }] });
    expect(customer.json.identities).toEqual([{ kind: 'chat', address: stranger.visitorId }]);
    // The real customer keeps their identities: the typed address was not given to the stranger.
    const real = await http('GET', `/customers?email=${encodeURIComponent(victim.email)}`);
    expect(real.json.id).toBe(victim.customerId);
  });

  it('the pre-chat form over the HTTP fallback links nothing either', async () => {
    const visitorId = unique('v_form');
    const sent = await postChat(visitorId, unique('m'), asksForOrder, { extra: { name: 'Zeynep', email: victim.email } });
    expect(sent.status).toBe(202);
    const ticket = await eventually(
      async () => {
        const t = await ticketOfVisitor(visitorId);
        if (!t) return undefined;
        const r = await http('GET', `/tickets/${t.id}`);
        return r.json.timeline.some((i: { direction: string; delivery?: { status: string } }) => i.direction === 'out' && i.delivery?.status === 'sent')
          ? r.json
          : undefined;
      },
      10_000,
      'the answered form ticket',
    );
    expect(ticket.customerId).not.toBe(victim.customerId);
    expect(ticket.contactHints).toEqual([{ type: 'email', value: victim.email, verified: false }]);
    const reply = ticket.timeline.find((i: { direction: string }) => i.direction === 'out');
    expect(reply.text).not.toContain(order.trackingNumber);
  });
});
