import { BatchWriteCommand } from '#adapters/aws/dynamodb';
import { describe, expect, it } from 'vitest';
import { ticketItem } from '#adapters/table-keys';
import type { Channel } from '#core/messages';
import type { Ticket } from '#core/model';
import { metricsSchema } from '#agent/responses';
import { chatTicket, db } from './agent-helpers';
import { http, stack, unique } from './helpers';

const CHANNELS: Channel[] = ['email', 'chat', 'whatsapp', 'instagram'];
const INTENTS = ['track_order', 'get_refund', 'complaint', 'cancel_order', 'payment_issue'];
const MIN = 60_000;
const at = (ms: number) => new Date(ms).toISOString();

/**
 * 200 tickets opened in March 2025, every 3 hours. Volume only matters here, so they are written
 * straight to the table with the facts the pipeline and the API record (the tests of those routes
 * prove the facts themselves). Ticket i:
 *   channel CHANNELS[i % 4], intent INTENTS[i % 5]
 *   first response i+1 minutes after opening, by the bot for i < 80, by an agent after
 *   resolved when i is even, 10·(i/2 + 1) minutes after opening (else pending); reopened once when i % 10 == 0
 *   one customer message when i % 4 == 0, else two; SLA breached when i % 8 == 0
 *   rated when i % 6 == 0 (resolved ones only): score (i/6) % 5 + 1
 *   agents (i >= 80): answered first by ayse when i % 4 is 0 or 1, else by mehmet; the resolved ones
 *   resolved by ayse when i % 4 == 0, by mehmet when 2, each with one reply by the resolver
 */
const agentOf = (i: number) => (i % 4 < 2 ? 'ayse' : 'mehmet');
function scenario(base: number): Ticket[] {
  return Array.from({ length: 200 }, (_, i) => {
    const createdAt = base + i * 180 * MIN;
    const resolved = i % 2 === 0;
    return {
      id: String(9_000_000 + i),
      number: 9_000_000 + i,
      // Unresolved ones wait on the customer, out of the open queue other tests list.
      status: resolved ? 'resolved' : 'pending',
      priority: 'normal',
      channel: CHANNELS[i % 4]!,
      customerId: `c_metrics${i}`,
      conversationKey: `metrics-${i}`,
      locale: 'tr',
      createdAt: at(createdAt),
      updatedAt: at(createdAt + 2000 * MIN),
      lastInboundAt: at(createdAt),
      firstResponseDueAt: at(createdAt + 24 * 60 * MIN),
      interactionCount: i % 4 === 0 ? 1 : 2,
      version: 3,
      classification: { lang: 'tr', intent: INTENTS[i % 5]!, confidence: 0.9, engine: 'builtin', entities: [], top: [] },
      firstResponseAt: at(createdAt + (i + 1) * MIN),
      firstResponder: i < 80 ? 'bot' : 'human',
      ...(i >= 80 ? { agentReplies: 1, repliesByAgent: { [agentOf(i)]: 1 }, firstResponseBy: agentOf(i) } : {}),
      ...(i >= 80 && resolved ? { resolvedBy: agentOf(i) } : {}),
      ...(resolved ? { resolvedAt: at(createdAt + 10 * (i / 2 + 1) * MIN), firstResolvedAt: at(createdAt + 10 * MIN) } : {}),
      ...(resolved && i % 10 === 0 ? { reopenCount: 1 } : {}),
      ...(i % 8 === 0 ? { slaBreachedAt: at(createdAt + 24 * 60 * MIN) } : {}),
      ...(i % 6 === 0 ? { csat: { score: ((i / 6) % 5) + 1, at: at(createdAt + 3000 * MIN) } } : {}),
    } satisfies Ticket;
  });
}

async function write(tickets: Ticket[]) {
  for (let i = 0; i < tickets.length; i += 25) {
    const chunk = tickets.slice(i, i + 25);
    await db().send(new BatchWriteCommand({ RequestItems: { [stack().info.tableName]: chunk.map((t) => ({ PutRequest: { Item: ticketItem(t) } })) } }));
  }
}

describe('metrics', () => {
  it('computes every number of a 200-ticket scenario as worked out by hand, the same after a replay', async () => {
    const base = Date.parse('2025-03-01T00:00:00Z');
    const tickets = scenario(base);
    await write(tickets);
    // Just outside the range on both sides: not counted.
    const outside = scenario(base)
      .slice(0, 2)
      .map((t, k) => ({ ...t, id: String(9_100_000 + k), number: 9_100_000 + k, createdAt: k ? '2025-04-01T00:00:00.000Z' : '2025-02-28T23:59:59.999Z' }));
    await write(outside);
    const expected = {
      from: '2025-03-01',
      to: '2025-03-31',
      tickets: 200,
      // Minutes 1..200: nearest rank 100 and 180.
      firstResponse: { count: 200, medianMinutes: 100, p90Minutes: 180, byBot: 80, byHuman: 120 },
      // The 100 even tickets resolve after 10, 20, … 1000 minutes: the 50th and 90th values.
      resolution: { count: 100, medianMinutes: 500, p90Minutes: 900 },
      // Resolved with one message (i % 4 == 0: 50) and not reopened (i % 20 == 0: 10 were): 40 of 100.
      firstContactResolutionRate: 0.4,
      // Resolved without an agent reply (even i < 80): 40 of all 200.
      botDeflectionRate: 0.2,
      // Reopened (i % 10 == 0: 20) of the 100 resolved.
      reopenRate: 0.2,
      // i % 6 == 0: 34 ratings cycling 1..5 → six cycles (90) + 1+2+3+4 = 100; 4s and 5s: 12 + 1.
      csat: { responses: 34, average: 2.94, satisfiedRate: 0.3824 },
      volumeByChannel: { email: 50, chat: 50, whatsapp: 50, instagram: 50 },
      volumeByIntent: { track_order: 40, get_refund: 40, complaint: 40, cancel_order: 40, payment_issue: 40 },
      // Eight tickets a day (every 3 hours) from 1 to 25 March, two per channel; none after (UTC days).
      volumeByDay: Array.from({ length: 31 }, (_, d) => ({
        day: `2025-03-${String(d + 1).padStart(2, '0')}`,
        total: d < 25 ? 8 : 0,
        byChannel: d < 25 ? { email: 2, chat: 2, whatsapp: 2, instagram: 2 } : {},
      })),
      // Scores 1..5 in turn for k = 0..33: six cycles, then 1 2 3 4.
      csatDistribution: { '1': 7, '2': 7, '3': 7, '4': 7, '5': 6 },
      // Forty each: by name.
      topIntents: ['cancel_order', 'complaint', 'get_refund', 'payment_issue', 'track_order'].map((intent) => ({ intent, tickets: 40 })),
      slaBreaches: 25,
      // No business hours on the test stack: business time is elapsed time. The breaches (i % 8 == 0)
      // were recorded before there were counts: the first response of the policy "default"; no team.
      sla: {
        breaches: { default: { first_response: 25 } },
        escalations: {},
        firstResponseBusiness: { count: 200, medianMinutes: 100, p90Minutes: 180 },
        resolutionBusiness: { count: 100, medianMinutes: 500, p90Minutes: 900 },
        byTeam: {
          '-': {
            tickets: 200,
            breaches: 25,
            escalations: 0,
            firstResponseBusiness: { count: 200, medianMinutes: 100, p90Minutes: 180 },
            resolutionBusiness: { count: 100, medianMinutes: 500, p90Minutes: 900 },
          },
        },
      },
      // i = 80..199. First responses: 60 each, minutes i+1 in pairs (4k+1, 4k+2) for ayse, (4k+3, 4k+4) for
      // mehmet, k = 20..49: the 30th value is the pair k = 34's second. Resolutions: 30 each, 10·(i/2+1)
      // minutes: ayse 410, 430 … 990, mehmet 420 … 1000, the 15th. Ratings of i % 6 == 0 from 84: ayse the
      // multiples of 12 (scores 5 2 4 1 3 5 2 4 1 3), mehmet the others (1 3 5 2 4 1 3 5 2 4): 30 / 10 each.
      agents: [
        {
          agent: 'ayse',
          ticketsHandled: 60,
          replies: 30,
          firstResponse: { count: 60, medianMinutes: 138 },
          resolution: { count: 30, medianMinutes: 690 },
          csat: { responses: 10, average: 3 },
        },
        {
          agent: 'mehmet',
          ticketsHandled: 60,
          replies: 30,
          firstResponse: { count: 60, medianMinutes: 140 },
          resolution: { count: 30, medianMinutes: 700 },
          csat: { responses: 10, average: 3 },
        },
      ],
      // Nobody read the help center in March 2025.
      helpCenter: {
        views: 0,
        helpful: 0,
        notHelpful: 0,
        helpfulShare: null,
        searchesWithoutResult: 0,
        topMissedQueries: [],
        suggestionsShown: 0,
        openedFromWidget: 0,
        wroteAfterOpening: 0,
        deflections: 0,
        deflectionRate: null,
        topArticles: [],
      },
      // No NPS survey went out in March 2025.
      nps: { nps: null, promoters: 0, passives: 0, detractors: 0, responses: 0, surveysSent: 0, responseRate: null },
    };
    const r = await http('GET', '/metrics?from=2025-03-01&to=2025-03-31');
    expect(r.status).toBe(200);
    expect(metricsSchema.parse(r.json)).toEqual(expected);
    // A replay writes the same facts again: nothing counts twice.
    await write(tickets);
    expect((await http('GET', '/metrics?from=2025-03-01&to=2025-03-31')).json).toEqual(expected);
  });

  it('counts a ticket the API answered and resolved, from the facts the routes recorded', async () => {
    const t = await chatTicket(unique('v'));
    await http('POST', `/tickets/${t.id}/replies`, { body: { text: 'Bakıyoruz.' } });
    await http('PATCH', `/tickets/${t.id}`, { body: { status: 'resolved' } });
    const day = t.createdAt.slice(0, 10);
    const m = (await http('GET', `/metrics?from=${day}&to=${day}`)).json;
    expect(m.tickets).toBeGreaterThanOrEqual(1);
    expect(m.volumeByChannel.chat).toBeGreaterThanOrEqual(1);
    expect(m.firstResponse.byHuman).toBeGreaterThanOrEqual(1);
    expect(m.resolution.count).toBeGreaterThanOrEqual(1);
  });

  it("credits an agent's reply and resolution to that agent once, however often the requests are repeated", async () => {
    // The local stack's agent token is local-agent's.
    const agent = { sub: 'local-agent' };
    const t = await chatTicket(unique('v'));
    const day = t.createdAt.slice(0, 10);
    const mine = async () => (await http('GET', `/metrics?from=${day}&to=${day}`)).json.agents.find((a: { agent: string }) => a.agent === agent.sub);
    const before = (await mine()) ?? { ticketsHandled: 0, replies: 0, firstResponse: { count: 0 }, resolution: { count: 0 } };
    const key = unique('k');
    for (let n = 0; n < 2; n++) {
      expect((await http('POST', `/tickets/${t.id}/replies`, { body: { text: 'Bakıyoruz.', clientKey: key } })).status).toBeLessThan(300);
      expect((await http('PATCH', `/tickets/${t.id}`, { body: { status: 'resolved' } })).status).toBe(200);
    }
    const after = await mine();
    expect(after.ticketsHandled - before.ticketsHandled).toBe(1);
    expect(after.replies - before.replies).toBe(1);
    expect(after.firstResponse.count - before.firstResponse.count).toBe(1);
    expect(after.resolution.count - before.resolution.count).toBe(1);
  });

  it('covers the last 30 days, today included, when no range is given', async () => {
    const r = await http('GET', '/metrics');
    expect(r.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(r.json.to).toBe(today);
    expect(Date.parse(r.json.to) - Date.parse(r.json.from)).toBe(29 * 86_400_000);
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    expect((await http('GET', `/metrics?from=${tenDaysAgo}`)).json).toMatchObject({ from: tenDaysAgo, to: today });
    expect((await http('GET', '/metrics?from=2025-03-01')).status).toBe(400);
    expect((await http('GET', '/metrics?to=2025-03-30')).json.from).toBe('2025-03-01');
    expect((await http('GET', '/metrics?from=2025-03-02&to=2025-03-01')).status).toBe(400);
  });
});
