import { describe, expect, it } from 'vitest';
import { checkSla, makeSlaCheckHandler } from '#agent/sla-check';
import { awaitsFirstResponse, slaVerdict } from '#core/sla';
import { FakeTickets, openEmailTicket } from './ticket-fixtures';

const due = '2026-12-03T12:00:00.000Z';
const ticket = openEmailTicket('2026-12-02T12:00:00.000Z', { firstResponseDueAt: due, version: 3 });

const now = () => new Date('2026-12-03T12:00:30.000Z');
const fired = { ticketId: '10001', dueAt: due };

describe('the SLA verdict', () => {
  it('breaches an unanswered ticket whose due time has come by the time its timer was set for', () => {
    expect(slaVerdict(ticket, due)).toEqual({ breach: true, dueAt: due });
    // A due time that moved earlier is judged by itself: a later timer still breaches it.
    expect(slaVerdict({ ...ticket, firstResponseDueAt: '2026-12-03T09:00:00.000Z' }, due)).toEqual({ breach: true, dueAt: '2026-12-03T09:00:00.000Z' });
  });

  it('does not breach an unknown, answered-in-time, resolved-in-time, not-yet-due or already breached ticket', () => {
    expect(slaVerdict(undefined, due)).toEqual({ breach: false, reason: 'unknown' });
    expect(slaVerdict({ ...ticket, firstResponseAt: '2026-12-03T11:59:59.000Z', firstResponder: 'human' }, due)).toMatchObject({ reason: 'answered' });
    expect(slaVerdict({ ...ticket, humanResponseAt: '2026-12-03T11:59:59.000Z' }, due)).toMatchObject({ reason: 'answered' });
    // The bot is answering it: nobody waits for people.
    expect(slaVerdict({ ...ticket, handling: 'bot', firstResponseAt: '2026-12-03T11:59:59.000Z', firstResponder: 'bot' }, due)).toMatchObject({
      reason: 'answered',
    });
    expect(slaVerdict({ ...ticket, firstResolvedAt: '2026-12-03T10:00:00.000Z' }, due)).toMatchObject({ reason: 'resolved' });
    expect(slaVerdict({ ...ticket, firstResponseDueAt: '2026-12-03T13:00:00.000Z' }, due)).toMatchObject({ reason: 'not_due' });
    expect(slaVerdict({ ...ticket, slaBreachedAt: due }, due)).toMatchObject({ reason: 'already_breached' });
  });

  it('counts an answer that came after the due time (before the timer ran) as a breach', () => {
    expect(slaVerdict({ ...ticket, firstResponseAt: '2026-12-03T12:00:01.000Z', firstResponder: 'human' }, due)).toEqual({ breach: true, dueAt: due });
  });

  it("measures people after a handoff: the bot's earlier answer and resolution do not count, their answer does", () => {
    const handedOver = {
      ...ticket,
      handling: 'human' as const,
      firstResponseAt: '2026-12-03T08:00:00.000Z',
      firstResponder: 'bot' as const,
      firstResolvedAt: '2026-12-03T08:00:00.000Z',
      handedOffAt: '2026-12-03T10:00:00.000Z',
    };
    expect(awaitsFirstResponse(handedOver)).toBe(true);
    expect(slaVerdict(handedOver, due)).toEqual({ breach: true, dueAt: due });
    expect(slaVerdict({ ...handedOver, humanResponseAt: '2026-12-03T11:00:00.000Z' }, due)).toMatchObject({ reason: 'answered' });
    expect(slaVerdict({ ...handedOver, resolvedAt: '2026-12-03T11:00:00.000Z' }, due)).toMatchObject({ reason: 'resolved' });
    expect(awaitsFirstResponse({ ...handedOver, humanResponseAt: '2026-12-03T11:00:00.000Z' })).toBe(false);
  });

  it('a ticket needs a timer only while people have it, nobody has answered or resolved it and it is not breached', () => {
    expect(awaitsFirstResponse(ticket)).toBe(true);
    expect(awaitsFirstResponse({ ...ticket, firstResponseAt: due, firstResponder: 'human' })).toBe(false);
    expect(awaitsFirstResponse({ ...ticket, handling: 'bot', firstResponseAt: due, firstResponder: 'bot' })).toBe(false);
    expect(awaitsFirstResponse({ ...ticket, firstResolvedAt: due })).toBe(false);
    expect(awaitsFirstResponse({ ...ticket, slaBreachedAt: due })).toBe(false);
  });
});

describe('the SLA checker', () => {
  it('records the breach on the ticket under a new version, with one sla_breached event on the timeline', async () => {
    const store = new FakeTickets(ticket);
    expect(await checkSla({ store, now }, fired)).toEqual({ ticketId: '10001', outcome: 'breached' });
    expect(store.tickets.get('10001')).toMatchObject({ slaBreachedAt: due, version: 4, updatedAt: now().toISOString(), status: 'open' });
    expect(store.interactions).toHaveLength(1);
    expect(store.interactions[0]).toMatchObject({ direction: 'internal', kind: 'event', author: 'system', at: due, event: { type: 'sla_breached', to: due } });
  });

  it('run again on the same timer changes nothing', async () => {
    const store = new FakeTickets(ticket);
    await checkSla({ store, now }, fired);
    const after = store.tickets.get('10001');
    expect(await checkSla({ store, now }, fired)).toEqual({ ticketId: '10001', outcome: 'already_breached' });
    expect(store.tickets.get('10001')).toBe(after);
    expect(store.interactions).toHaveLength(1);
    expect(store.commits).toBe(1);
  });

  it('run concurrently on the same timer records one breach and one event', async () => {
    const store = new FakeTickets(ticket);
    const results = await Promise.all(Array.from({ length: 5 }, () => checkSla({ store, now }, fired)));
    expect(results.filter((r) => r.outcome === 'breached')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'already_breached')).toHaveLength(4);
    expect(store.commits).toBe(1);
    expect(store.interactions).toHaveLength(1);
    expect(store.tickets.get('10001')!.version).toBe(4);
  });

  it('acknowledges an answered, moved or unknown ticket without writing', async () => {
    const answered = { ...ticket, firstResponseAt: '2026-12-03T08:00:00.000Z', firstResponder: 'human' as const };
    const later = { ...ticket, id: '10002', firstResponseDueAt: '2026-12-04T12:00:00.000Z' };
    const store = new FakeTickets(answered, later);
    expect(await checkSla({ store, now }, fired)).toMatchObject({ outcome: 'answered' });
    expect(await checkSla({ store, now }, { ticketId: '10002', dueAt: due })).toMatchObject({ outcome: 'not_due' });
    expect(await checkSla({ store, now }, { ticketId: '99999', dueAt: due })).toMatchObject({ outcome: 'unknown' });
    expect(store.commits).toBe(0);
  });

  it('the handler Scheduler invokes checks the timer it is given, and fails one that is not a timer (Lambda retries it, then the DLQ keeps it)', async () => {
    const store = new FakeTickets(ticket);
    const handler = makeSlaCheckHandler({ store, now });
    expect(await handler(fired as never, {} as never)).toEqual({ ticketId: '10001', outcome: 'breached' });
    expect(store.tickets.get('10001')!.slaBreachedAt).toBe(due);
    await expect(handler({ ticketId: '10001' } as never, {} as never)).rejects.toThrow(/not an SLA timer: dueAt/);
  });
});
