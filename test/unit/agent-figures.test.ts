import { describe, expect, it } from 'vitest';
import { agentFigures, csatDistribution, derivedFacts, ticketFacts, topIntents, volumeByDay, type TicketFacts } from '#agent/metrics';
import { metricsRange } from '#agent/routes/reports';
import type { Ticket } from '#core/model';

const created = '2026-11-01T10:00:00.000Z';
const minutesIn = (minutes: number) => new Date(Date.parse(created) + minutes * 60_000).toISOString();
const facts = (id: string, f: Partial<TicketFacts>): TicketFacts => ({ id, channel: 'email', status: 'open', createdAt: created, ...f });

describe('per-agent figures', () => {
  it('credit the first response, the replies and the resolution (with its rating) each to the agent who gave them', () => {
    const figures = agentFigures([
      facts('1', {
        firstResponseBy: 'ayse',
        firstResponseAt: minutesIn(10),
        status: 'resolved',
        resolvedBy: 'mehmet',
        resolvedAt: minutesIn(100),
        csatScore: 5,
        agentReplyCounts: { ayse: 2, mehmet: 1 },
      }),
      facts('2', { firstResponseBy: 'ayse', firstResponseAt: minutesIn(30) }),
      facts('3', { firstResponseBy: 'ayse', firstResponseAt: minutesIn(20), status: 'closed', resolvedBy: 'ayse', resolvedAt: minutesIn(40), csatScore: 2 }),
      // The bot answered and nobody resolved: no agent's.
      facts('4', { firstResponder: 'bot', firstResponseAt: minutesIn(1) }),
    ]);
    expect(figures).toEqual([
      {
        agent: 'ayse',
        ticketsHandled: 3,
        replies: 2,
        firstResponse: { count: 3, medianMinutes: 20 },
        resolution: { count: 1, medianMinutes: 40 },
        csat: { responses: 1, average: 2 },
      },
      {
        agent: 'mehmet',
        ticketsHandled: 1,
        replies: 1,
        firstResponse: { count: 0, medianMinutes: null },
        resolution: { count: 1, medianMinutes: 100 },
        csat: { responses: 1, average: 5 },
      },
    ]);
  });

  it('count a resolution only while the ticket stays resolved (a reopened one has its resolver but no resolution)', () => {
    const [a] = agentFigures([
      facts('1', { status: 'open', resolvedBy: 'ayse', resolvedAt: minutesIn(5), firstResponseBy: 'ayse', firstResponseAt: minutesIn(1) }),
    ]);
    expect(a!.resolution).toEqual({ count: 0, medianMinutes: null });
  });

  it("keep each agent's reply counts on the index only once the ticket is resolved, so a reply on an open ticket writes no index entry", () => {
    const ticket = { id: '1', repliesByAgent: { ayse: 3 }, agentReplies: 3, interactionCount: 4 } as unknown as Ticket;
    expect(derivedFacts(ticket).agentReplyCounts).toBeUndefined();
    expect(derivedFacts({ ...ticket, resolvedAt: minutesIn(9) }).agentReplyCounts).toEqual({ ayse: 3 });
    expect(ticketFacts({ ...ticket, createdAt: created, firstResponseBy: 'ayse', resolvedBy: 'ayse' } as Ticket)).toMatchObject({
      firstResponseBy: 'ayse',
      resolvedBy: 'ayse',
    });
  });
});

describe('the metrics range', () => {
  const now = new Date('2026-12-07T15:00:00Z');
  it('is the last 30 days, today included, when none is given; from or to alone anchor it', () => {
    expect(metricsRange({}, now)).toEqual({ from: '2026-11-08', to: '2026-12-07' });
    expect(metricsRange({ to: '2026-03-31' }, now)).toEqual({ from: '2026-03-02', to: '2026-03-31' });
    expect(metricsRange({ from: '2026-12-01' }, now)).toEqual({ from: '2026-12-01', to: '2026-12-07' });
  });

  it('refuses from after to and more than 366 days', () => {
    expect(() => metricsRange({ from: '2026-12-08', to: '2026-12-07' }, now)).toThrow('from must not be after to');
    expect(() => metricsRange({ from: '2025-01-01' }, now)).toThrow('at most 366 days');
  });
});

describe('the dashboard series', () => {
  const on = (day: string, channel: TicketFacts['channel'], id: string) => facts(id, { channel, createdAt: `${day}T23:59:59.999Z` });

  it('count tickets per UTC day of the range by channel, every day listed, none outside the range', () => {
    const days = volumeByDay([on('2026-11-01', 'email', '1'), on('2026-11-01', 'chat', '2'), on('2026-11-03', 'email', '3'), on('2026-11-04', 'email', '4')], {
      from: '2026-11-01',
      to: '2026-11-03',
    });
    expect(days).toEqual([
      { day: '2026-11-01', total: 2, byChannel: { email: 1, chat: 1 } },
      { day: '2026-11-02', total: 0, byChannel: {} },
      { day: '2026-11-03', total: 1, byChannel: { email: 1 } },
    ]);
  });

  it('give every score of the CSAT distribution, and rank intents by tickets, then name', () => {
    expect(csatDistribution([5, 5, 1, 3])).toEqual({ '1': 1, '2': 0, '3': 1, '4': 0, '5': 2 });
    expect(topIntents({ b: 2, a: 2, c: 5, d: 1 }, 3)).toEqual([
      { intent: 'c', tickets: 5 },
      { intent: 'a', tickets: 2 },
      { intent: 'b', tickets: 2 },
    ]);
  });
});
