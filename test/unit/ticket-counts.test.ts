import { describe, expect, it } from 'vitest';
import { countOpenTickets, dueSoonCandidates, SLA_TIMER_GRACE_MS, type OpenTicketEntry } from '#agent/ticket-counts';

const now = new Date('2026-12-07T12:00:00.000Z');
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000).toISOString();
const entry = (id: string, e: Partial<OpenTicketEntry>): OpenTicketEntry => ({
  id,
  priority: 'normal',
  firstResponseDueAt: inMinutes(600),
  channel: 'email',
  breached: false,
  ...e,
});

describe('the inbox counts', () => {
  const entries = [
    entry('1', { assignee: 'ayse', priority: 'urgent', intent: 'track_order' }),
    entry('2', { assignee: 'mehmet', channel: 'chat', breached: true, firstResponseDueAt: inMinutes(-30) }),
    entry('3', { channel: 'chat', firstResponseDueAt: inMinutes(59), intent: 'track_order' }),
    entry('4', { firstResponseDueAt: inMinutes(-5), intent: 'get_refund' }),
    // Answered in time long ago: past due, no breach.
    entry('5', { firstResponseDueAt: inMinutes(-24 * 60) }),
    // Answered, due in half an hour.
    entry('6', { firstResponseDueAt: inMinutes(30), assignee: 'ayse' }),
  ];

  it('place each open ticket in the views it is listed in, the caller’s own by their sub', () => {
    expect(countOpenTickets(entries, 'ayse', now, new Set(['6']))).toEqual({
      total: 6,
      mine: 2,
      unassigned: 3,
      urgent: 1,
      dueSoon: 2,
      breached: 1,
      byChannel: { email: 4, chat: 2 },
      byIntent: { track_order: 2, get_refund: 1 },
    });
  });

  it('look up the first response only of the tickets due within the hour and not long past due, unbreached', () => {
    expect(dueSoonCandidates(entries, now).map((e) => e.id)).toEqual(['3', '4', '6']);
    const late = entry('7', { firstResponseDueAt: new Date(now.getTime() - SLA_TIMER_GRACE_MS - 1).toISOString() });
    expect(dueSoonCandidates([late], now)).toEqual([]);
  });
});
