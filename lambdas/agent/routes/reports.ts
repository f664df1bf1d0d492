import { json } from '#http/http';
import { computeMetrics } from '#agent/metrics';
import { route } from '#agent/router';
import { metricsQuery } from '#agent/schemas';

export const reportRoutes = [
  route({
    method: 'GET',
    path: '/metrics',
    summary:
      'First response and resolution times (median, p90), FCR, bot deflection, reopen rate, CSAT, volume by channel and intent, SLA breaches, for tickets opened between from and to',
    access: 'agent',
    query: metricsQuery,
    handle: async ({ query }, deps) => {
      const from = `${query.from}T00:00:00.000Z`;
      const to = `${query.to}T23:59:59.999Z`;
      const tickets = [];
      for await (const t of deps.store.ticketFactsCreatedBetween(from, to)) tickets.push(t);
      return json(200, { from: query.from, to: query.to, ...computeMetrics(tickets) });
    },
  }),
];
