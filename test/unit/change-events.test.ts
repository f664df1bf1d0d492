import { describe, expect, it } from 'vitest';
import { eventsOfChange, publishChanges, type EventBus, type StoredChange } from '#core/change-events';
import { eventDetails, type DestekEvent, type EventInclude } from '#core/events';
import type { Interaction, Ticket } from '#core/model';
import { openEmailTicket } from './ticket-fixtures';

const ticket = openEmailTicket('2026-12-02T12:00:00.000Z', {
  customerName: 'Ayşe Yılmaz',
  customerAddress: 'ayse@example.com',
  subject: 'Kargom nerede?',
  firstResponseDueAt: '2026-12-03T12:00:00.000Z',
  classification: { lang: 'tr', intent: 'track_order', confidence: 0.9, engine: 'builtin', entities: [] },
});

const inbound: Interaction = {
  ticketId: '10001',
  key: '2026-12-02T12:00:00.000Z#m1',
  direction: 'in',
  kind: 'message',
  channel: 'email',
  customerId: 'c_1',
  at: '2026-12-02T12:00:00.000Z',
  text: 'Siparişim 100001 nerede?',
};

const reply: Interaction = {
  ticketId: '10001',
  key: '2026-12-02T12:05:00.000Z#r1',
  direction: 'out',
  kind: 'agent_reply',
  channel: 'email',
  customerId: 'c_1',
  at: '2026-12-02T12:05:00.000Z',
  author: 'agent-1',
  text: 'Yarın teslim edilecek.',
  delivery: { status: 'pending', attempts: 0 },
};

const none = { include: new Set<EventInclude>() };
const all = { include: new Set<EventInclude>(['customerName', 'customerEmail', 'subject', 'messageText', 'comment']) };
const events = (c: StoredChange, o = none) => eventsOfChange(c, o);
const types = (c: StoredChange) => events(c).map((e) => e.type);
const later = (t: Ticket, fields: Partial<Ticket>): Ticket => ({ ...t, ...fields, updatedAt: '2026-12-02T13:00:00.000Z', version: t.version + 1 });
const event = (type: string, fields: Partial<Interaction['event']> & { type: string }, at = '2026-12-02T14:00:00.000Z'): Interaction => ({
  ...inbound,
  key: `${at}#${type}`,
  direction: 'internal',
  kind: 'event',
  at,
  text: type,
  event: { ...fields },
});

/** Every event must be what its published schema says. */
function expectValid(list: DestekEvent[]): DestekEvent[] {
  for (const e of list) expect(() => eventDetails[e.type].parse(e.detail), e.type).not.toThrow();
  return list;
}

describe('events of ticket changes', () => {
  it('a new ticket is Ticket Created with ids only by default', () => {
    const [created] = expectValid(events({ kind: 'ticket', changeId: 'r1', after: ticket }));
    expect(created).toMatchObject({
      type: 'Ticket Created',
      detail: { ticketId: '10001', customerId: 'c_1', channel: 'email', intent: 'track_order', version: '1' },
    });
    expect(JSON.stringify(created)).not.toMatch(/Ayşe|ayse@|Kargom/);
  });

  it('carries the name, e-mail address and subject only when the shop opts in', () => {
    const [created] = expectValid(events({ kind: 'ticket', changeId: 'r1', after: ticket }, all));
    expect(created!.detail).toMatchObject({ customerName: 'Ayşe Yılmaz', customerEmail: 'ayse@example.com', subject: 'Kargom nerede?' });
  });

  it('a change of status, priority, assignee, team or tags is one Ticket Updated naming only what changed', () => {
    const after = later(ticket, { status: 'pending', assignee: 'agent-1', tags: ['kargo'], team: 'ops' });
    const [updated] = expectValid(events({ kind: 'ticket', changeId: 'r2', before: ticket, after }));
    expect(updated).toMatchObject({
      type: 'Ticket Updated',
      detail: {
        changes: {
          status: { from: 'open', to: 'pending' },
          assignee: { from: null, to: 'agent-1' },
          team: { from: null, to: 'ops' },
          tags: { from: null, to: ['kargo'] },
        },
      },
    });
    expect(Object.keys((updated!.detail as { changes: object }).changes)).not.toContain('priority');
  });

  it('a change only the pipeline cares about (preview, counters, version) publishes nothing', () => {
    expect(types({ kind: 'ticket', changeId: 'r3', before: ticket, after: later(ticket, { preview: 'x', interactionCount: 2 }) })).toEqual([]);
  });

  it('resolving is Ticket Updated and Ticket Resolved; a customer writing again after it is Ticket Updated and Ticket Reopened', () => {
    const resolved = later(ticket, { status: 'resolved', resolvedBy: 'agent-1', resolvedAt: '2026-12-02T13:00:00.000Z' });
    expect(types({ kind: 'ticket', changeId: 'r4', before: ticket, after: resolved })).toEqual(['Ticket Updated', 'Ticket Resolved']);
    const reopened = later(resolved, { status: 'open' });
    const list = expectValid(events({ kind: 'ticket', changeId: 'r5', before: resolved, after: reopened }));
    expect(list.map((e) => e.type)).toEqual(['Ticket Updated', 'Ticket Reopened']);
    expect(list[1]!.detail).toMatchObject({ previousStatus: 'resolved' });
  });
});

describe('events of timeline changes', () => {
  it('a customer message stored is Message Received, its text only when opted in', () => {
    const [received] = expectValid(events({ kind: 'interaction', changeId: 'r1', after: inbound }));
    expect(received).toMatchObject({ type: 'Message Received', detail: { interactionId: inbound.key, channel: 'email' } });
    expect(received!.detail).not.toHaveProperty('text');
    expect(events({ kind: 'interaction', changeId: 'r1', after: inbound }, all)[0]!.detail).toMatchObject({ text: inbound.text });
  });

  it('a reply is Message Sent when its delivery turns sent, not when it is queued or its receipt comes later', () => {
    expect(types({ kind: 'interaction', changeId: 'q', after: reply })).toEqual([]);
    const sent = { ...reply, delivery: { status: 'sent' as const, attempts: 1, sentAt: '2026-12-02T12:05:01.000Z' } };
    const [event] = expectValid(events({ kind: 'interaction', changeId: 's', before: reply, after: sent }));
    expect(event).toMatchObject({ type: 'Message Sent', detail: { kind: 'agent_reply', author: 'agent-1', occurredAt: '2026-12-02T12:05:01.000Z' } });
    const read = { ...sent, delivery: { ...sent.delivery, providerStatus: 'read' as const } };
    expect(types({ kind: 'interaction', changeId: 'rd', before: sent, after: read })).toEqual([]);
  });

  it('a delivery refused for good is Delivery Failed with the reason', () => {
    const failed = { ...reply, delivery: { status: 'failed' as const, attempts: 5, lastError: 'mailbox unavailable' } };
    const [event] = expectValid(events({ kind: 'interaction', changeId: 'f', before: reply, after: failed }));
    expect(event).toMatchObject({ type: 'Delivery Failed', detail: { reason: 'mailbox unavailable' } });
  });

  it('timeline events become CSAT Received, SLA Breached and SLA Escalated', () => {
    const list = expectValid(
      [
        event('csat', { type: 'csat', from: null, to: 4 }),
        event('csat_changed', { type: 'csat_changed', from: 4, to: 2 }),
        event('sla_breached', { type: 'sla_breached', from: null, to: '2026-12-03T12:00:00.000Z' }),
        event('sla_escalated', { type: 'sla_escalated', from: 'first-response', to: 'team-lead' }),
        event('note', { type: 'assigned', from: null, to: 'agent-1' }),
      ].flatMap((after, i) => events({ kind: 'interaction', changeId: `e${i}`, after }, all)),
    );
    expect(list.map((e) => [e.type, e.detail])).toEqual([
      ['CSAT Received', expect.objectContaining({ score: 4 })],
      ['CSAT Received', expect.objectContaining({ score: 2, previousScore: 4 })],
      ['SLA Breached', expect.objectContaining({ dueAt: '2026-12-03T12:00:00.000Z' })],
      ['SLA Escalated', expect.objectContaining({ level: 'first-response', to: 'team-lead' })],
    ]);
  });
});

describe('events of NPS answers', () => {
  const answer = { ticketId: '10001', score: 9, comment: 'çok iyi', answeredAt: '2026-12-02T16:00:00.000Z' };
  it('a recorded answer is NPS Received, its comment only when the shop opts in; a later change of it is nothing', () => {
    expect(expectValid(events({ kind: 'npsAnswer', changeId: 'n', customerId: 'c_3', after: answer }, all))).toMatchObject([
      { type: 'NPS Received', detail: { ticketId: '10001', customerId: 'c_3', score: 9, comment: 'çok iyi', occurredAt: answer.answeredAt } },
    ]);
    const [plain] = expectValid(events({ kind: 'npsAnswer', changeId: 'n', customerId: 'c_3', after: answer }));
    expect(plain!.detail).not.toHaveProperty('comment');
    expect(types({ kind: 'npsAnswer', changeId: 'n2', customerId: 'c_3' })).toEqual([]);
  });
});

describe('events of customer changes', () => {
  const customer = { id: 'c_2', createdAt: '2026-12-01T00:00:00.000Z', name: 'Ali' };
  it('a profile that gains mergedInto is Customer Merged; one that gains erasedAt is Customer Erased; nothing else is', () => {
    const at = '2026-12-02T15:00:00.000Z';
    expect(expectValid(events({ kind: 'customer', changeId: 'm', at, before: customer, after: { ...customer, mergedInto: 'c_1' } }))).toMatchObject([
      { type: 'Customer Merged', detail: { customerId: 'c_2', into: 'c_1' } },
    ]);
    const erased = { id: 'c_2', createdAt: customer.createdAt, erasedAt: at };
    expect(expectValid(events({ kind: 'customer', changeId: 'e', at, before: customer, after: erased }))).toMatchObject([
      { type: 'Customer Erased', detail: { customerId: 'c_2' } },
    ]);
    expect(types({ kind: 'customer', changeId: 'x', at, before: erased, after: erased })).toEqual([]);
  });
});

describe('event ids', () => {
  it('are the same for the same change on every delivery, and differ between the events of one change', () => {
    const resolved = later(ticket, { status: 'resolved' });
    const once = events({ kind: 'ticket', changeId: 'rec-7', before: ticket, after: resolved });
    const again = events({ kind: 'ticket', changeId: 'rec-7', before: ticket, after: resolved });
    expect(again.map((e) => e.detail.eventId)).toEqual(once.map((e) => e.detail.eventId));
    expect(new Set(once.map((e) => e.detail.eventId)).size).toBe(once.length);
    expect(events({ kind: 'ticket', changeId: 'rec-8', before: ticket, after: resolved })[0]!.detail.eventId).not.toBe(once[0]!.detail.eventId);
  });
});

describe('publishing a batch of changes', () => {
  const changes: StoredChange[] = [
    { kind: 'ticket', changeId: 'a', after: ticket },
    { kind: 'interaction', changeId: 'b', after: inbound },
    { kind: 'ticket', changeId: 'c', before: ticket, after: later(ticket, { status: 'resolved' }) },
  ];

  it('publishes every event in the feed order, skipping items that are no change of interest', async () => {
    const seen: string[] = [];
    const bus: EventBus = { publish: async (e) => (seen.push(...e.map((x) => x.type)), e.length) };
    expect(await publishChanges([changes[0], undefined, changes[1], changes[2]], bus, none)).toEqual({ published: 4 });
    expect(seen).toEqual(['Ticket Created', 'Message Received', 'Ticket Updated', 'Ticket Resolved']);
  });

  it('names the first change whose events did not all go out, so the feed redelivers from it', async () => {
    const bus: EventBus = { publish: async () => 2 };
    expect(await publishChanges(changes, bus, none)).toEqual({ published: 2, failedAt: 2 });
  });
});
