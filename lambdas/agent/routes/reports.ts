import { ValidationError } from '#core/errors';
import { json } from '#http/http';
import { computeMetrics, type TicketFacts } from '#agent/metrics';
import { teamCalendarResolver } from '#agent/sla-calendars';
import { countOpenTickets, dueSoonCandidates } from '#agent/ticket-counts';
import { metricsSchema, ticketCountsSchema } from '#agent/responses';
import { route, type AgentApiDeps } from '#agent/router';
import { npsFigures, type NpsFigures } from '#core/nps';
import type { HelpArticles } from '#agent/ports';
import { metricsQuery } from '#agent/schemas';
import { helpCenterFigures, type HelpStatRow } from '#helpcenter/deflection';

const DAY_MS = 86_400_000;
/** The dashboard's first look: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;
const MAX_RANGE_DAYS = 366;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The days a metrics request covers: as given, or the default range ending today (UTC) or on `to`. */
export function metricsRange(q: { from?: string | undefined; to?: string | undefined }, now: Date): { from: string; to: string } {
  const to = q.to ?? isoDay(now.getTime());
  const from = q.from ?? isoDay(Date.parse(to) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  if (from > to) throw new ValidationError('from must not be after to', { from: 'after to' });
  if (Date.parse(to) - Date.parse(from) > MAX_RANGE_DAYS * DAY_MS) throw new ValidationError(`at most ${MAX_RANGE_DAYS} days`, { from: 'too far before to' });
  return { from, to };
}

/** Pending and resolved tickets are counted up to this many (their views are long; the badge says "1000+"). */
export const STATUS_COUNT_CAP = 1000;

export const reportRoutes = [
  route({
    method: 'GET',
    path: '/tickets/counts',
    summary:
      "How many tickets each inbox view lists: open in total, the caller's, unassigned, urgent, due within the hour, breached, by channel and intent; pending and resolved (up to a cap)",
    access: 'agent',
    responds: { status: 200, description: 'the counts', schema: ticketCountsSchema },
    handle: async ({ agent, now }, deps) => {
      const [entries, pending, resolved] = await Promise.all([
        deps.store.openTicketEntries(),
        deps.store.countTickets('pending', STATUS_COUNT_CAP),
        deps.store.countTickets('resolved', STATUS_COUNT_CAP),
      ]);
      const answered = await deps.store.firstResponded(dueSoonCandidates(entries, now).map((e) => e.id));
      return json(200, {
        open: countOpenTickets(entries, agent.sub, now, answered),
        pending: pending.count,
        resolved: resolved.count,
        capped: [...(pending.capped ? ['pending' as const] : []), ...(resolved.capped ? ['resolved' as const] : [])],
        at: now.toISOString(),
      });
    },
  }),
  route({
    method: 'GET',
    path: '/metrics',
    summary:
      'First response and resolution times (median, p90), FCR, bot deflection, reopen rate, CSAT, volume by channel, intent and UTC day, CSAT distribution, top intents, SLA breaches and per-agent figures, for tickets opened between from and to (default: the last 30 days); and the help center\'s views, "Did this help?" votes, searches without result, widget suggestions and deflections of those days',
    access: 'agent',
    query: metricsQuery,
    responds: { status: 200, description: 'the figures of the range', schema: metricsSchema },
    handle: async ({ query, now }, deps) => {
      const range = metricsRange(query, now);
      const tickets: TicketFacts[] = [];
      const [, helpRows, nps] = await Promise.all([
        (async () => {
          for await (const t of deps.store.ticketFactsCreatedBetween(`${range.from}T00:00:00.000Z`, `${range.to}T23:59:59.999Z`)) tickets.push(t);
        })(),
        (async () => {
          const rows: HelpStatRow[] = [];
          for await (const r of deps.helpCenter.stats.rowsBetween(range.from, range.to)) rows.push(r);
          return rows;
        })(),
        npsOfRange(deps, range),
      ]);
      const [titles, calendarOfTeam] = await Promise.all([articleTitles(helpRows, deps.helpCenter.articles), teamCalendarResolver(deps.sla)]);
      const helpCenter = helpCenterFigures(helpRows, (locale, id) => titles.get(`${locale}#${id}`));
      return json(200, { ...range, ...computeMetrics(tickets, range, calendarOfTeam), helpCenter, nps });
    },
  }),
];

/** The title of each article the rows count, by `<locale>#<id>`: one catalogue read, whatever the rows. */
async function articleTitles(rows: readonly HelpStatRow[], articles: HelpArticles): Promise<Map<string, string>> {
  const keys = new Set<string>();
  for (const r of rows) if (r.kind === 'article') keys.add(`${r.locale}#${r.article}`);
  const titles = new Map<string, string>();
  await Promise.all(
    [...keys].map(async (key) => {
      const [locale, id] = key.split(/#(.*)/s) as [string, string];
      const title = (await articles.find(locale, id))?.title;
      if (title !== undefined) titles.set(key, title);
    }),
  );
  return titles;
}

/** The NPS of the surveys sent on the days of the range (one Query per month the range touches). */
async function npsOfRange(deps: AgentApiDeps, range: { from: string; to: string }): Promise<NpsFigures> {
  const surveys: { score?: number | undefined }[] = [];
  if (deps.nps) for await (const s of deps.nps.store.surveysSentBetween(`${range.from}T00:00:00.000Z`, `${range.to}T23:59:59.999Z`)) surveys.push(s);
  return npsFigures(surveys);
}
