import type { BusinessCalendar } from '#core/business-time';
import type { Ticket } from '#core/model';
import { slaFigures } from './sla-metrics';

/**
 * What the metrics read of a ticket: small facts, each set once or rarely, so the byCreated index can
 * hold them and a month's metrics read only the index (lambdas/definitions/table.ts). The facts drawn
 * from counts (singleContact, agentReplied) only count once the ticket was resolved, so they are kept
 * from then on: a second message or an agent reply on an unresolved ticket writes nothing to the index.
 */
export interface TicketFacts {
  readonly id: string;
  readonly channel: Ticket['channel'];
  readonly status: Ticket['status'];
  readonly createdAt: string;
  /** The latest reading's intent, as the intent view lists the ticket. */
  readonly intent?: string;
  /** Once resolved: still only the opening message (interactionCount is 1). */
  readonly singleContact?: boolean;
  /** While resolved: an agent has replied. */
  readonly agentReplied?: boolean;
  readonly csatScore?: number;
  readonly firstResponseAt?: string;
  readonly firstResponder?: Ticket['firstResponder'];
  /** The agent whose reply was the first response. */
  readonly firstResponseBy?: string;
  readonly firstResolvedAt?: string;
  readonly resolvedAt?: string;
  /** The agent who resolved it. */
  readonly resolvedBy?: string;
  /** While resolved: each agent's replies on it. */
  readonly agentReplyCounts?: Readonly<Record<string, number>>;
  readonly reopenCount?: number;
  readonly slaBreachedAt?: string;
  /** The ticket's team: the SLA figures per team. */
  readonly team?: string;
  /** Escalations and breaches by policy and target (Ticket.slaCounts). */
  readonly slaCounts?: Readonly<Record<string, number>>;
}

/** The facts of a ticket that its own attributes do not hold as the metrics read them (a count or a map). */
export function derivedFacts(t: Ticket): Pick<TicketFacts, 'singleContact' | 'agentReplied' | 'csatScore' | 'agentReplyCounts'> {
  return {
    ...(t.firstResolvedAt ? { singleContact: t.interactionCount === 1 } : {}),
    ...(t.resolvedAt && t.agentReplies ? { agentReplied: true } : {}),
    ...(t.resolvedAt && t.repliesByAgent && Object.keys(t.repliesByAgent).length ? { agentReplyCounts: t.repliesByAgent } : {}),
    ...(t.csat ? { csatScore: t.csat.score } : {}),
  };
}

/** A whole ticket's metric facts. */
export function ticketFacts(t: Ticket): TicketFacts {
  return {
    id: t.id,
    channel: t.channel,
    status: t.status,
    createdAt: t.createdAt,
    ...(t.classification ? { intent: t.classification.intent } : {}),
    ...derivedFacts(t),
    ...(t.firstResponseAt ? { firstResponseAt: t.firstResponseAt } : {}),
    ...(t.firstResponder ? { firstResponder: t.firstResponder } : {}),
    ...(t.firstResponseBy ? { firstResponseBy: t.firstResponseBy } : {}),
    ...(t.resolvedBy ? { resolvedBy: t.resolvedBy } : {}),
    ...(t.firstResolvedAt ? { firstResolvedAt: t.firstResolvedAt } : {}),
    ...(t.resolvedAt ? { resolvedAt: t.resolvedAt } : {}),
    ...(t.reopenCount ? { reopenCount: t.reopenCount } : {}),
    ...(t.slaBreachedAt ? { slaBreachedAt: t.slaBreachedAt } : {}),
    ...(t.team ? { team: t.team } : {}),
    ...(t.slaCounts ? { slaCounts: t.slaCounts } : {}),
  };
}

/** Nearest-rank percentile (p in 0..100) of sorted values; null when there are none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

const ratio = (n: number, d: number): number | null => (d ? Math.round((n / d) * 10_000) / 10_000 : null);
const minutes = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, medianMinutes: percentile(sorted, 50), p90Minutes: percentile(sorted, 90) };
};

interface AgentTally {
  tickets: Set<string>;
  replies: number;
  firstResponse: number[];
  resolution: number[];
  csat: number[];
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/**
 * Per agent: the tickets they answered first, replied on or resolved; their replies (counted once the
 * ticket is resolved, as the index keeps them); median first response of the tickets they answered
 * first; median resolution and CSAT of the tickets they resolved. Each fact is set once per ticket, so
 * a replayed message or a repeated request counts nothing twice.
 */
export function agentFigures(tickets: Iterable<TicketFacts>) {
  const by = new Map<string, AgentTally>();
  const tally = (agent: string) => {
    let t = by.get(agent);
    if (!t) by.set(agent, (t = { tickets: new Set(), replies: 0, firstResponse: [], resolution: [], csat: [] }));
    return t;
  };
  for (const t of tickets) {
    if (t.firstResponseBy && t.firstResponseAt) {
      const a = tally(t.firstResponseBy);
      a.tickets.add(t.id);
      a.firstResponse.push(minutes(t.createdAt, t.firstResponseAt));
    }
    for (const [agent, n] of Object.entries(t.agentReplyCounts ?? {})) {
      const a = tally(agent);
      a.tickets.add(t.id);
      a.replies += n;
    }
    if (t.resolvedBy && t.resolvedAt && (t.status === 'resolved' || t.status === 'closed')) {
      const a = tally(t.resolvedBy);
      a.tickets.add(t.id);
      a.resolution.push(minutes(t.createdAt, t.resolvedAt));
      if (t.csatScore !== undefined) a.csat.push(t.csatScore);
    }
  }
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([agent, a]) => ({
      agent,
      ticketsHandled: a.tickets.size,
      replies: a.replies,
      firstResponse: { count: a.firstResponse.length, medianMinutes: median(a.firstResponse) },
      resolution: { count: a.resolution.length, medianMinutes: median(a.resolution) },
      csat: { responses: a.csat.length, average: a.csat.length ? Math.round((a.csat.reduce((x, y) => x + y, 0) / a.csat.length) * 100) / 100 : null },
    }));
}

/**
 * The dashboard's numbers for the tickets opened in a range, from facts each ticket records once
 * (first response, resolutions, reopenings, SLA breach, rating); README "Metrics" says how each is made.
 */
export function computeMetrics(
  input: Iterable<TicketFacts>,
  range?: { readonly from: string; readonly to: string },
  calendarOfTeam?: (team: string | undefined) => BusinessCalendar,
) {
  const tickets = [...input];
  const firstResponse: number[] = [];
  const resolution: number[] = [];
  const byChannel: Record<string, number> = {};
  const byIntent: Record<string, number> = {};
  const csatScores: number[] = [];
  let total = 0;
  let resolvedOnce = 0;
  let firstContact = 0;
  let deflected = 0;
  let reopened = 0;
  let breached = 0;
  let botFirst = 0;
  for (const t of tickets) {
    total++;
    byChannel[t.channel] = (byChannel[t.channel] ?? 0) + 1;
    const intent = t.intent ?? 'unclassified';
    byIntent[intent] = (byIntent[intent] ?? 0) + 1;
    if (t.firstResponseAt) {
      firstResponse.push(minutes(t.createdAt, t.firstResponseAt));
      if (t.firstResponder === 'bot') botFirst++;
    }
    if (t.resolvedAt && (t.status === 'resolved' || t.status === 'closed')) resolution.push(minutes(t.createdAt, t.resolvedAt));
    if (t.firstResolvedAt) {
      resolvedOnce++;
      if (t.reopenCount) reopened++;
      if (t.singleContact && !t.reopenCount) firstContact++;
      if (!t.agentReplied && t.resolvedAt) deflected++;
    }
    if (t.slaBreachedAt) breached++;
    if (t.csatScore !== undefined) csatScores.push(t.csatScore);
  }
  const csatTotal = csatScores.reduce((a, b) => a + b, 0);
  return {
    tickets: total,
    firstResponse: { ...summary(firstResponse), byBot: botFirst, byHuman: firstResponse.length - botFirst },
    resolution: summary(resolution),
    firstContactResolutionRate: ratio(firstContact, resolvedOnce),
    botDeflectionRate: ratio(deflected, total),
    reopenRate: ratio(reopened, resolvedOnce),
    csat: {
      responses: csatScores.length,
      average: csatScores.length ? Math.round((csatTotal / csatScores.length) * 100) / 100 : null,
      satisfiedRate: ratio(csatScores.filter((s) => s >= 4).length, csatScores.length),
    },
    volumeByChannel: byChannel,
    volumeByIntent: byIntent,
    volumeByDay: volumeByDay(tickets, range),
    csatDistribution: csatDistribution(csatScores),
    topIntents: topIntents(byIntent),
    slaBreaches: breached,
    sla: slaFigures(tickets, calendarOfTeam),
    agents: agentFigures(tickets),
  };
}

const DAY_MS = 86_400_000;
/** How many intents the top list names. */
export const TOP_INTENTS = 10;

/**
 * Tickets opened per UTC day of the range (every day, empty ones included), by channel. UTC, as the
 * range itself is read (GET /metrics from/to are UTC days).
 */
export function volumeByDay(tickets: readonly TicketFacts[], range?: { readonly from: string; readonly to: string }) {
  const days = new Map<string, Record<string, number>>();
  if (range) for (let ms = Date.parse(range.from); ms <= Date.parse(range.to); ms += DAY_MS) days.set(new Date(ms).toISOString().slice(0, 10), {});
  for (const t of tickets) {
    const day = t.createdAt.slice(0, 10);
    let byChannel = days.get(day);
    if (!byChannel) {
      if (range) continue;
      days.set(day, (byChannel = {}));
    }
    byChannel[t.channel] = (byChannel[t.channel] ?? 0) + 1;
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, byChannel]) => ({ day, total: Object.values(byChannel).reduce((a, b) => a + b, 0), byChannel }));
}

/** Ratings per score, 1 to 5 (every score present, 0 when none gave it). */
export function csatDistribution(scores: readonly number[]): Record<'1' | '2' | '3' | '4' | '5', number> {
  const out = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const s of scores) {
    const key = String(s) as keyof typeof out;
    if (key in out) out[key]++;
  }
  return out;
}

/** The intents with the most tickets, most first (ties by name), unclassified included. */
export function topIntents(byIntent: Readonly<Record<string, number>>, limit = TOP_INTENTS) {
  return Object.entries(byIntent)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([intent, tickets]) => ({ intent, tickets }));
}
