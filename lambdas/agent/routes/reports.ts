import { ValidationError } from '#core/errors';
import { json } from '#http/http';
import { computeMetrics } from '#agent/metrics';
import { metricsSchema } from '#agent/responses';
import { route } from '#agent/router';
import { metricsQuery } from '#agent/schemas';

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

export const reportRoutes = [
  route({
    method: 'GET',
    path: '/metrics',
    summary:
      'First response and resolution times (median, p90), FCR, bot deflection, reopen rate, CSAT, volume by channel and intent, SLA breaches and per-agent figures, for tickets opened between from and to (default: the last 30 days)',
    access: 'agent',
    query: metricsQuery,
    responds: { status: 200, description: 'the figures of the range', schema: metricsSchema },
    handle: async ({ query, now }, deps) => {
      const range = metricsRange(query, now);
      const tickets = [];
      for await (const t of deps.store.ticketFactsCreatedBetween(`${range.from}T00:00:00.000Z`, `${range.to}T23:59:59.999Z`)) tickets.push(t);
      return json(200, { ...range, ...computeMetrics(tickets) });
    },
  }),
];
