import { describe, expect, it } from 'vitest';
import type { Analysis } from '#core/analyse';
import type { InboundMessage } from '#core/messages';
import type { Ticket } from '#core/model';
import { planInbound } from '#core/plan-inbound';

const settings = { defaultLocale: 'tr', locales: ['tr', 'en'], firstResponseHours: 24 };
const now = new Date('2026-11-23T10:00:00.000Z');
const newId = () => 'id';
const msg: InboundMessage = {
  channel: 'chat',
  channelMessageId: 'v1/m2',
  from: { address: 'v1' },
  conversationKey: 'v1',
  text: 'yine ben',
  attachments: [],
  receivedAt: '2026-11-23T09:59:59.000Z',
};
const ticket: Ticket = {
  id: '10001',
  number: 10001,
  status: 'resolved',
  priority: 'normal',
  channel: 'chat',
  customerId: 'c_1',
  conversationKey: 'v1',
  locale: 'tr',
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T11:00:00.000Z',
  lastInboundAt: '2026-11-22T10:00:00.000Z',
  firstResponseDueAt: '2026-11-23T10:00:00.000Z',
  interactionCount: 1,
  version: 4,
  resolvedAt: '2026-11-22T11:00:00.000Z',
  firstResolvedAt: '2026-11-22T11:00:00.000Z',
  firstResponseAt: '2026-11-22T10:30:00.000Z',
  firstResponder: 'human',
};
const botAnswer = (resolves: boolean): Analysis => ({
  lang: 'tr',
  locale: 'tr',
  intent: 'check_payment_methods',
  confidence: 0.9,
  top: [],
  entities: [],
  slots: {},
  engine: 'builtin',
  priority: 'normal',
  priorityReasons: [],
  handling: 'bot',
  reply: { text: 'Kartla ödeyebilirsiniz.', resolves },
});

describe('the facts a customer message records on its ticket (for the metrics)', () => {
  it('a message on a resolved ticket reopens it: counted once per reopening, the resolution cleared, the first response kept', () => {
    const plan = planInbound(msg, { ticket }, settings, now, newId);
    expect(plan.ticket).toMatchObject({
      status: 'open',
      reopenCount: 1,
      firstResolvedAt: ticket.firstResolvedAt,
      firstResponseAt: ticket.firstResponseAt,
      firstResponder: 'human',
    });
    expect(plan.ticket.resolvedAt).toBeUndefined();
    const again = planInbound({ ...msg, channelMessageId: 'v1/m3' }, { ticket: { ...plan.ticket, status: 'resolved' } }, settings, now, newId);
    expect(again.ticket.reopenCount).toBe(2);
    // An open ticket is not reopened.
    expect(planInbound(msg, { ticket: { ...ticket, status: 'open' } }, settings, now, newId).ticket.reopenCount).toBeUndefined();
  });

  it('the first bot answer is the first response, once; a resolving answer records the resolution', () => {
    const fresh = planInbound(
      { ...msg, channelMessageId: 'v9/m1', from: { address: 'v9' }, conversationKey: 'v9' },
      { newTicketNumber: 10002, analysis: botAnswer(true) },
      settings,
      now,
      newId,
    );
    expect(fresh.ticket).toMatchObject({
      status: 'resolved',
      firstResponseAt: now.toISOString(),
      firstResponder: 'bot',
      resolvedAt: now.toISOString(),
      firstResolvedAt: now.toISOString(),
      customerAddress: 'v9',
    });
    const later = planInbound(msg, { ticket, analysis: botAnswer(false) }, settings, new Date('2026-11-24T00:00:00.000Z'), newId);
    expect(later.ticket).toMatchObject({ status: 'pending', firstResponseAt: ticket.firstResponseAt, firstResponder: 'human' });
    expect(later.ticket.resolvedAt).toBeUndefined();
  });
});
