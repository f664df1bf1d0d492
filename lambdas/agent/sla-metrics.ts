import { ALWAYS_OPEN, type BusinessCalendar, businessTimeBetween } from '#core/business-time';
import { parseSlaCountKey, type SlaTarget } from '#core/sla-policy';
import { percentile, type TicketFacts } from './metrics';

type ByPolicy = Record<string, Partial<Record<SlaTarget, number>>>;

interface TeamTally {
  tickets: number;
  breaches: number;
  escalations: number;
  firstResponse: number[];
  resolution: number[];
}

const MINUTE_MS = 60_000;
/** A ticket without a team is counted under this key in `byTeam`. */
export const NO_TEAM = '-';

const businessSummary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, medianMinutes: percentile(sorted, 50), p90Minutes: percentile(sorted, 90) };
};

/**
 * The SLA's figures for tickets opened in a range: escalations and breaches by policy and target
 * (each counted as often as it happened: a ticket breaches its next response once per late answer),
 * and per team the same totals and first-response and resolution times in business time of the
 * team's calendar (median, p90; the bot's answers count, as in the overall first response).
 */
export function slaFigures(tickets: Iterable<TicketFacts>, calendarOfTeam: (team: string | undefined) => BusinessCalendar = () => ALWAYS_OPEN) {
  const breaches: ByPolicy = {};
  const escalations: ByPolicy = {};
  const teams = new Map<string, TeamTally>();
  const firstResponse: number[] = [];
  const resolution: number[] = [];
  for (const t of tickets) {
    const key = t.team ?? NO_TEAM;
    let team = teams.get(key);
    if (!team) teams.set(key, (team = { tickets: 0, breaches: 0, escalations: 0, firstResponse: [], resolution: [] }));
    team.tickets++;
    for (const [k, n] of Object.entries(t.slaCounts ?? {})) {
      const c = parseSlaCountKey(k);
      if (!c) continue;
      const into = c.kind === 'breached' ? breaches : escalations;
      const policy = (into[c.policy] ??= {});
      policy[c.target] = (policy[c.target] ?? 0) + n;
      if (c.kind === 'breached') team.breaches += n;
      else team.escalations += n;
    }
    // A first-response breach recorded before there were counts.
    if (t.slaBreachedAt && !Object.keys(t.slaCounts ?? {}).some((k) => k.startsWith('b|') && k.endsWith('|f'))) {
      const policy = (breaches.default ??= {});
      policy.first_response = (policy.first_response ?? 0) + 1;
      team.breaches++;
    }
    const calendar = calendarOfTeam(t.team);
    const created = new Date(t.createdAt);
    if (t.firstResponseAt) {
      const m = businessTimeBetween(created, new Date(t.firstResponseAt), calendar) / MINUTE_MS;
      team.firstResponse.push(m);
      firstResponse.push(m);
    }
    if (t.resolvedAt && (t.status === 'resolved' || t.status === 'closed')) {
      const m = businessTimeBetween(created, new Date(t.resolvedAt), calendar) / MINUTE_MS;
      team.resolution.push(m);
      resolution.push(m);
    }
  }
  return {
    breaches,
    escalations,
    firstResponseBusiness: businessSummary(firstResponse),
    resolutionBusiness: businessSummary(resolution),
    byTeam: Object.fromEntries(
      [...teams.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([team, x]) => [
          team,
          {
            tickets: x.tickets,
            breaches: x.breaches,
            escalations: x.escalations,
            firstResponseBusiness: businessSummary(x.firstResponse),
            resolutionBusiness: businessSummary(x.resolution),
          },
        ]),
    ),
  };
}
