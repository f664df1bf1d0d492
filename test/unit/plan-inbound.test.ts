import { describe, expect, it } from 'vitest';
import type { InboundMessage } from '#core/messages';
import type { Ticket } from '#core/model';
import { planInbound } from '#core/plan-inbound';
import { businessHoursSchema, calendarSetting } from '#config/business-hours';
import { calendarFromSetting } from '#core/business-time';

const settings = { defaultLocale: 'tr', locales: ['tr', 'en'], firstResponseHours: 24 };
const now = new Date('2026-11-23T10:00:00.000Z');
let n = 0;
const newId = () => `id${++n}`;

const chat = (over: Partial<InboundMessage> = {}): InboundMessage => ({
  channel: 'chat',
  channelMessageId: 'v1/m1',
  from: { address: 'v1' },
  conversationKey: 'v1',
  text: 'Kargom nerede?',
  attachments: [],
  receivedAt: '2026-11-23T09:59:59.000Z',
  ...over,
});

const openTicket: Ticket = {
  id: '10001',
  number: 10001,
  status: 'open',
  priority: 'normal',
  channel: 'chat',
  customerId: 'c_1',
  conversationKey: 'v1',
  locale: 'en',
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
  lastInboundAt: '2026-11-22T10:00:00.000Z',
  firstResponseDueAt: '2026-11-23T10:00:00.000Z',
  interactionCount: 2,
  version: 3,
};

describe('planning an inbound message', () => {
  it('a first message from a new visitor creates customer, identity, ticket, thread and an acknowledgement', () => {
    const c = planInbound(chat({ localeHint: 'en-US', from: { address: 'v1', name: 'Ann' } }), { newTicketNumber: 10007 }, settings, now, newId);
    expect(c.newCustomer?.name).toBe('Ann');
    expect(c.newIdentities).toEqual([{ channel: 'chat', address: 'v1', customerId: c.newCustomer!.id }]);
    expect(c.ticket).toMatchObject({ id: '10007', number: 10007, status: 'open', version: 1, interactionCount: 1, locale: 'en' });
    expect(c.ticket.firstResponseDueAt).toBe('2026-11-24T10:00:00.000Z');
    expect(c.expectedTicketVersion).toBeUndefined();
    expect(c.threadTicketId).toBe('10007');
    expect(c.previousThreadTicketId).toBeUndefined();
    expect(c.outbound).toHaveLength(1);
    expect(c.outbound[0]!.message.text).toContain('#10007');
    expect(c.outbound[0]!.message.text).toMatch(/^Hello Ann/);
    expect(c.outbound[0]!.interaction.delivery).toEqual({ status: 'pending', attempts: 0 });
  });

  it('keeps what the agents’ list shows: the latest message’s first line, cut short, where there is no subject, and the name the customer gave first', () => {
    const long = `\n  Merhaba, ${'siparişim hâlâ gelmedi '.repeat(6)}\nİkinci satır`;
    const first = planInbound(chat({ text: long, from: { address: 'v1', name: 'Ayşe Yılmaz' } }), { newTicketNumber: 10009 }, settings, now, newId);
    expect(first.ticket.preview).toMatch(/^Merhaba, siparişim hâlâ gelmedi/);
    expect(first.ticket.preview).toHaveLength(40);
    expect(first.ticket.preview!.endsWith('…')).toBe(true);
    expect(first.ticket.customerName).toBe('Ayşe Yılmaz');
    // A later message moves the preview; the name stays the one given first.
    const next = planInbound(chat({ text: 'Tamam, teşekkürler', from: { address: 'v1', name: 'ayse' } }), { ticket: first.ticket }, settings, now, newId);
    expect(next.ticket).toMatchObject({ preview: 'Tamam, teşekkürler', customerName: 'Ayşe Yılmaz' });
    // A mail has its subject: no preview is kept beside it.
    const mail = planInbound(chat({ channel: 'email', subject: 'Siparişim', text: 'Merhaba' }), { newTicketNumber: 10010 }, settings, now, newId);
    expect(mail.ticket.preview).toBeUndefined();
  });

  it('with business hours, the due time and the promise count open hours: a Friday evening message is due on Monday', () => {
    const calendar = calendarFromSetting(calendarSetting(businessHoursSchema.parse({}), now));
    // Friday 5 June 2026, 20:00 TSİ (closed), 8 hours: Monday 09:00–17:00 → due Monday 17:00 TSİ.
    const friday = new Date('2026-06-05T17:00:00Z');
    const c = planInbound(chat({ from: { address: 'v9' } }), { newTicketNumber: 10011 }, { ...settings, firstResponseHours: 8, calendar }, friday, newId);
    expect(c.ticket.firstResponseDueAt).toBe('2026-06-08T14:00:00.000Z');
    expect(c.outbound[0]!.message.text).toContain('8 Haziran Pazartesi 17:00 (TSİ)');
    // Out of hours: the promise starts with when the team is back.
    expect(c.outbound[0]!.message.text).toMatch(/^Şu an mesai saatlerimiz dışındayız; ekibimiz 8 Haziran Pazartesi 09:00 \(TSİ\) itibarıyla/);
    // In hours, no such line.
    const monday = planInbound(
      chat({ from: { address: 'v10' } }),
      { newTicketNumber: 10012 },
      { ...settings, calendar },
      new Date('2026-06-08T08:00:00Z'),
      newId,
    );
    expect(monday.outbound[0]!.message.text).toMatch(/^Merhaba, mesajınızı aldık/);
  });

  it('answers in the default locale when the hint is unsupported', () => {
    const c = planInbound(chat({ localeHint: 'de-DE' }), { newTicketNumber: 1 }, settings, now, newId);
    expect(c.ticket.locale).toBe('tr');
    expect(c.outbound[0]!.message.text).toMatch(/^Merhaba, mesajınızı aldık/);
  });

  it('a message in an open conversation updates its ticket, expects its version, and sends nothing', () => {
    const c = planInbound(chat(), { identity: { channel: 'chat', address: 'v1', customerId: 'c_1' }, ticket: openTicket }, settings, now, newId);
    expect(c.newCustomer).toBeUndefined();
    expect(c.newIdentities).toEqual([]);
    expect(c.ticket).toMatchObject({ id: '10001', version: 4, interactionCount: 3, status: 'open', locale: 'en' });
    expect(c.expectedTicketVersion).toBe(3);
    expect(c.threadTicketId).toBeUndefined();
    expect(c.outbound).toEqual([]);
  });

  it("a customer's edit is stored marked as the edit of its original, and nothing automatic answers it, not even a new ticket's acknowledgement", () => {
    const edit = chat({
      channel: 'telegram',
      channelMessageId: '555/41/edit/1763900800',
      editOf: '555/41',
      suppressAutoReply: 'an edit of an earlier message',
    });
    const onTicket = planInbound(edit, { ticket: { ...openTicket, channel: 'telegram' } }, settings, now, newId);
    expect(onTicket.interaction).toMatchObject({ direction: 'in', editOf: '555/41', autoReplySuppressed: 'an edit of an earlier message' });
    expect(onTicket.outbound).toEqual([]);
    const alone = planInbound(edit, { newTicketNumber: 10011 }, settings, now, newId);
    expect(alone.interaction.editOf).toBe('555/41');
    expect(alone.outbound).toEqual([]);
    expect(planInbound(chat(), { ticket: openTicket }, settings, now, newId).interaction.editOf).toBeUndefined();
  });

  it('a customer writing to a resolved ticket reopens it', () => {
    const c = planInbound(chat(), { ticket: { ...openTicket, status: 'resolved' } }, settings, now, newId);
    expect(c.ticket.status).toBe('open');
    expect(c.ticket.id).toBe('10001');
  });

  it('a message in a conversation whose ticket is closed opens a new ticket and moves the thread', () => {
    const c = planInbound(chat(), { ticket: { ...openTicket, status: 'closed' }, newTicketNumber: 10002 }, settings, now, newId);
    expect(c.ticket.id).toBe('10002');
    expect(c.threadTicketId).toBe('10002');
    expect(c.previousThreadTicketId).toBe('10001');
  });

  it('a chat visitor with a known, shop-signed e-mail address joins that customer', () => {
    const c = planInbound(
      chat({ from: { address: 'v9', email: 'ayse@example.com', emailVerified: true } }),
      { emailIdentity: { channel: 'email', address: 'ayse@example.com', customerId: 'c_known' }, newTicketNumber: 5 },
      settings,
      now,
      newId,
    );
    expect(c.newCustomer).toBeUndefined();
    expect(c.ticket.customerId).toBe('c_known');
    expect(c.newIdentities).toEqual([{ channel: 'chat', address: 'v9', customerId: 'c_known' }]);
  });

  it("a typed address never joins its customer, even when the store's identity for it is in the context", () => {
    const c = planInbound(
      chat({ from: { address: 'v9', email: 'ayse@example.com' } }),
      { emailIdentity: { channel: 'email', address: 'ayse@example.com', customerId: 'c_known' }, newTicketNumber: 5 },
      settings,
      now,
      newId,
    );
    expect(c.ticket.customerId).not.toBe('c_known');
    expect(c.newIdentities).toEqual([{ channel: 'chat', address: 'v9', customerId: c.ticket.customerId }]);
  });

  it('a new chat visitor with a shop-signed e-mail address gets both identities on one new customer', () => {
    const c = planInbound(chat({ from: { address: 'v9', email: 'new@example.com', emailVerified: true } }), { newTicketNumber: 5 }, settings, now, newId);
    expect(c.newIdentities.map((i) => i.channel)).toEqual(['chat', 'email']);
    expect(new Set(c.newIdentities.map((i) => i.customerId))).toEqual(new Set([c.newCustomer!.id]));
    expect(c.newCustomer).toMatchObject({ email: 'new@example.com' });
    expect(c.ticket.contactHints).toBeUndefined();
  });

  it('a typed e-mail address links no identity and is kept as an unverified contact hint on the customer and the ticket', () => {
    const c = planInbound(chat({ from: { address: 'v9', email: 'Someone@Example.com' } }), { newTicketNumber: 5 }, settings, now, newId);
    expect(c.newIdentities.map((i) => i.channel)).toEqual(['chat']);
    const hint = { type: 'email', value: 'someone@example.com', verified: false };
    expect(c.newCustomer).not.toHaveProperty('email');
    expect(c.newCustomer!.contactHints).toEqual([hint]);
    expect(c.ticket.contactHints).toEqual([hint]);
    // The next message on the ticket keeps one copy of it, newest last.
    const next = planInbound(
      chat({ channelMessageId: 'm2', from: { address: 'v9', email: 'other@example.com' } }),
      { identity: c.newIdentities[0]!, ticket: c.ticket },
      settings,
      now,
      newId,
    );
    expect(next.ticket.contactHints).toEqual([hint, { ...hint, value: 'other@example.com' }]);
    const again = planInbound(
      chat({ channelMessageId: 'm3', from: { address: 'v9', email: 'someone@example.com' } }),
      { identity: c.newIdentities[0]!, ticket: next.ticket },
      settings,
      now,
      newId,
    );
    expect(again.ticket.contactHints).toEqual([{ ...hint, value: 'other@example.com' }, hint]);
  });

  it('plans the same keys for a replay, so a second write collides with the first', () => {
    const a = planInbound(chat(), { newTicketNumber: 1 }, settings, now, newId);
    const b = planInbound(chat(), { newTicketNumber: 2 }, settings, new Date(now.getTime() + 5000), newId);
    expect(b.messageKey).toBe(a.messageKey);
    expect(b.interaction.key).toBe(a.interaction.key);
    expect(b.outbound[0]!.message.outboundId).toBe(a.outbound[0]!.message.outboundId);
  });

  it("names the interactions by time and id, in no table's key format", () => {
    const c = planInbound(chat(), { newTicketNumber: 1 }, settings, now, newId);
    const ids = [c.interaction.key, ...c.outbound.flatMap((o) => [o.interaction.key, o.message.interactionKey])];
    for (const id of ids) expect(id).toMatch(/^\d{4}-\d\d-\d\dT[0-9:.]+Z#[A-Za-z0-9_.-]+$/);
    expect(c.outbound[0]!.message.interactionKey).toBe(c.outbound[0]!.interaction.key);
  });

  it("the contacts of the customer's verified order that nobody holds become the customer's identities", () => {
    const mail = chat({ channel: 'email', channelMessageId: '<m1@x>', from: { address: 'ayse@example.com' }, conversationKey: '<m1@x>' });
    const c = planInbound(
      mail,
      {
        identity: { channel: 'email', address: 'ayse@example.com', customerId: 'c_ayse' },
        newTicketNumber: 7,
        orderContacts: [{ channel: 'phone', address: '+905321234567' }],
      },
      settings,
      now,
      newId,
    );
    expect(c.newIdentities).toEqual([{ channel: 'phone', address: '+905321234567', customerId: 'c_ayse' }]);
  });

  it('a new sender whose verified order names a known contact joins that customer', () => {
    const wa = chat({ channel: 'whatsapp', from: { address: '905321234567', phone: '+905321234567' } });
    const c = planInbound(
      wa,
      {
        newTicketNumber: 7,
        orderContacts: [{ channel: 'email', address: 'ayse@example.com', identity: { channel: 'email', address: 'ayse@example.com', customerId: 'c_ayse' } }],
      },
      settings,
      now,
      newId,
    );
    expect(c.newCustomer).toBeUndefined();
    expect(c.ticket.customerId).toBe('c_ayse');
    expect(c.newIdentities).toEqual([
      { channel: 'whatsapp', address: '905321234567', customerId: 'c_ayse' },
      { channel: 'phone', address: '+905321234567', customerId: 'c_ayse' },
    ]);
  });

  it('an order contact another customer holds stays theirs: a known sender is not merged by it', () => {
    const c = planInbound(
      chat(),
      {
        identity: { channel: 'chat', address: 'v1', customerId: 'c_1' },
        ticket: openTicket,
        orderContacts: [{ channel: 'phone', address: '+905321234567', identity: { channel: 'phone', address: '+905321234567', customerId: 'c_other' } }],
      },
      settings,
      now,
      newId,
    );
    expect(c.ticket.customerId).toBe('c_1');
    expect(c.newIdentities).toEqual([]);
  });

  it('two messages stamped in the same second keep the order they came in on the timeline', () => {
    const second = '2026-11-23T09:59:59.000Z';
    let c = planInbound(chat({ channelMessageId: 'v1/m0', receivedAt: second }), { newTicketNumber: 9 }, settings, now, newId);
    const keys = [c.interaction.key];
    for (const id of ['zz', 'aa', 'mm', 'b7', '00']) {
      c = planInbound(chat({ channelMessageId: `v1/${id}`, receivedAt: second }), { ticket: c.ticket }, settings, now, newId);
      keys.push(c.interaction.key);
    }
    expect([...keys].sort()).toEqual(keys);
  });

  it('refuses to plan a new ticket without a number', () => {
    expect(() => planInbound(chat(), {}, settings, now, newId)).toThrow(/needs a number/);
  });
});
