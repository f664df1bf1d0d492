import { describe, expect, it } from 'vitest';
import { businessHoursSchema, calendarSetting } from '#config/business-hours';
import { calendarFromSetting } from '#core/business-time';
import type { InboundMessage } from '#core/messages';
import type { Ticket } from '#core/model';
import { planInbound } from '#core/plan-inbound';
import { type ActiveRule, ruleMatches, type RuleFacts } from '#core/routing-rules';
import { applyTicketActions } from '#core/ticket-actions';
import { renderVariables, ticketVariables } from '#core/ticket-variables';

const settings = { defaultLocale: 'tr', locales: ['tr', 'en'], firstResponseHours: 24 };
const now = new Date('2026-11-23T10:00:00.000Z');
const newId = () => 'new';

const chat = (over: Partial<InboundMessage> = {}): InboundMessage => ({
  channel: 'chat',
  channelMessageId: 'v1/m1',
  from: { address: 'v1', name: 'Ayşe' },
  conversationKey: 'v1',
  text: 'KARGOM NEREDE acaba?',
  attachments: [],
  receivedAt: '2026-11-23T09:59:59.000Z',
  ...over,
});

const rule = (over: Partial<ActiveRule> = {}): ActiveRule => ({
  id: 'kargo',
  name: 'Kargo',
  enabled: true,
  when: 'ticket_created',
  conditions: { textContains: ['kargom nerede'] },
  actions: { team: 'kargo', addTags: ['kargo'] },
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  updatedBy: 'admin',
  ...over,
});

const facts = (over: Partial<RuleFacts> = {}): RuleFacts => ({
  opensTicket: true,
  channel: 'chat',
  text: 'kargom nerede',
  locale: 'tr',
  priority: 'normal',
  customerTags: [],
  receivedAt: now,
  ...over,
});

describe("a rule's conditions", () => {
  it('text contains is Turkish-aware: İ/ı fold, and letters typed without Turkish characters match', () => {
    const r = rule({ conditions: { textContains: ['İADE', 'şikayet'] } });
    expect(ruleMatches(r, facts({ text: 'iade etmek istiyorum' }))).toBe(true);
    expect(ruleMatches(r, facts({ text: 'SIKAYETCIYIM' }))).toBe(true);
    expect(ruleMatches(r, facts({ text: 'Şikâyetim var' }))).toBe(true);
    expect(ruleMatches(r, facts({ text: 'kargom nerede' }))).toBe(false);
  });

  it('every condition must hold; a list holds when any of its values does', () => {
    const r = rule({ conditions: { channels: ['chat', 'whatsapp'], locales: ['tr'], priorities: ['high', 'urgent'], customerTags: ['vip'] } });
    expect(ruleMatches(r, facts({ priority: 'high', customerTags: ['vip', 'bayi'] }))).toBe(true);
    expect(ruleMatches(r, facts({ priority: 'normal', customerTags: ['vip'] }))).toBe(false);
    expect(ruleMatches(r, facts({ priority: 'high', customerTags: [] }))).toBe(false);
    expect(ruleMatches(r, facts({ priority: 'high', customerTags: ['vip'], channel: 'email' }))).toBe(false);
    expect(ruleMatches(r, facts({ priority: 'high', customerTags: ['vip'], locale: 'en' }))).toBe(false);
    expect(ruleMatches({ ...r, enabled: false }, facts({ priority: 'high', customerTags: ['vip'] }))).toBe(false);
  });

  it('ticket_created holds only for the message that opens the ticket; message_received for every message', () => {
    expect(ruleMatches(rule(), facts({ opensTicket: false }))).toBe(false);
    expect(ruleMatches(rule({ when: 'message_received' }), facts({ opensTicket: false }))).toBe(true);
  });

  it('business hours are read from the calendar at the time the message arrived', () => {
    const calendar = calendarFromSetting(calendarSetting(businessHoursSchema.parse({}), now));
    const closed = rule({ conditions: { businessHours: 'closed' } });
    // Saturday 21 November 2026, 12:00 TSİ: closed by the default calendar; Monday 23rd 13:00 TSİ: open.
    expect(ruleMatches(closed, facts({ calendar, receivedAt: new Date('2026-11-21T09:00:00Z') }))).toBe(true);
    expect(ruleMatches(closed, facts({ calendar, receivedAt: new Date('2026-11-23T10:00:00Z') }))).toBe(false);
    expect(ruleMatches(rule({ conditions: { businessHours: 'open' } }), facts({ calendar, receivedAt: new Date('2026-11-23T10:00:00Z') }))).toBe(true);
  });
});

describe('rules in the plan of an inbound message', () => {
  const cannedRule = rule({
    id: 'hello',
    name: 'Hello',
    actions: { cannedReply: { tr: 'c1' } },
    cannedTexts: { tr: 'Merhaba {{customer.name}}, {{ticket.number}} numaralı talebiniz kargo ekibinde.' },
  });

  it('a "kargom nerede" chat goes to team kargo with a tag, an event says so, and the canned reply is planned after the acknowledgement', () => {
    const c = planInbound(chat(), { newTicketNumber: 10001, rules: [rule(), cannedRule] }, settings, now, newId);
    expect(c.ticket.team).toBe('kargo');
    expect(c.ticket.tags).toEqual(['kargo']);
    expect(c.ruleHits).toEqual(['kargo', 'hello']);
    expect(c.events?.map((e) => e.text)).toEqual(['rule "Kargo" set team kargo, tags kargo']);
    expect(c.outbound.map((o) => o.message.kind)).toEqual(['acknowledgement', 'acknowledgement']);
    expect(c.outbound[1]!.message.text).toBe('Merhaba Ayşe, #10001 numaralı talebiniz kargo ekibinde.');
  });

  it('a replay plans the same keys for events and replies (the store writes each once)', () => {
    const first = planInbound(chat(), { newTicketNumber: 10001, rules: [rule(), cannedRule] }, settings, now, newId);
    const later = new Date(now.getTime() + 60_000);
    const again = planInbound(chat(), { newTicketNumber: 10001, rules: [rule(), cannedRule] }, settings, later, newId);
    expect(again.events?.map((e) => e.key)).toEqual(first.events?.map((e) => e.key));
    expect(again.outbound.map((o) => [o.message.outboundId, o.message.interactionKey])).toEqual(
      first.outbound.map((o) => [o.message.outboundId, o.message.interactionKey]),
    );
    // The message already on the ticket: the same items, and the ticket as stored.
    const applied = planInbound(chat(), { ticket: first.ticket, appliedSeq: 1, rules: [rule(), cannedRule] }, settings, later, newId);
    expect(applied.alreadyApplied).toBe(true);
    expect(applied.ticket).toBe(first.ticket);
    expect(applied.events?.map((e) => e.key)).toEqual(first.events?.map((e) => e.key));
    expect(applied.outbound.map((o) => o.message.outboundId)).toEqual(first.outbound.map((o) => o.message.outboundId));
  });

  it('stop ends the evaluation; a rule raising priority brings the due time closer', () => {
    const urgent = rule({ id: 'u', name: 'U', actions: { priority: 'urgent', stop: true } });
    const c = planInbound(chat(), { newTicketNumber: 10002, rules: [urgent, rule()] }, { ...settings, slaByPriority: { urgent: 1 } }, now, newId);
    expect(c.ruleHits).toEqual(['u']);
    expect(c.ticket.team).toBeUndefined();
    expect(c.ticket.priority).toBe('urgent');
    expect(c.ticket.firstResponseDueAt).toBe('2026-11-23T11:00:00.000Z');
  });

  it('no canned reply to a message the loop guard holds back', () => {
    const c = planInbound(chat({ suppressAutoReply: 'auto-submitted' }), { newTicketNumber: 10003, rules: [cannedRule] }, settings, now, newId);
    expect(c.ruleHits).toEqual(['hello']);
    expect(c.outbound).toEqual([]);
  });
});

describe('ticket actions shared by rules and macros', () => {
  const t = { id: '1', number: 1, status: 'open', priority: 'normal', tags: ['a'], customerName: 'Ayşe', orderNumber: 'SP-1' } as unknown as Ticket;

  it('report only what really changed', () => {
    const { ticket, changes } = applyTicketActions(
      t,
      { priority: 'normal', addTags: ['a'], status: 'resolved', assignee: 'ali' },
      { nowIso: now.toISOString(), by: 'ali' },
    );
    expect(changes.map((c) => c.field)).toEqual(['assignee', 'status']);
    expect(ticket.resolvedAt).toBe(now.toISOString());
    expect(ticket.resolvedBy).toBe('ali');
  });

  it('variables fill in, and one without a value leaves no gap before punctuation', () => {
    expect(renderVariables('Merhaba {{customer.name}}, {{ticket.number}} / {{order.number}} — {{agent.name}}.', ticketVariables(t, 'Ali'))).toBe(
      'Merhaba Ayşe, #1 / SP-1 — Ali.',
    );
    expect(renderVariables('Ben {{agent.name}}.', ticketVariables(t))).toBe('Ben.');
  });
});
