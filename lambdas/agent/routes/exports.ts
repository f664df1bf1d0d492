import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { deliverCsv, EXPORTS_PREFIX, metricsCsvLines, ticketCsvLines, type ExportDeps, type ExportResult } from '#agent/exports';
import { computeMetrics, type TicketFacts } from '#agent/metrics';
import { apiSchemas } from '#agent/responses';
import { route, type AgentApiDeps } from '#agent/router';
import { metricsQuery } from '#agent/schemas';
import { json, type HttpResult } from '#http/http';
import { metricsRange } from './reports';

/** What a stored export answers (303, Location: the link). */
export const storedExportSchema = z
  .object({
    url: z.string().url().describe('a GET link to the CSV; it works until expiresAt'),
    expiresAt: z.string(),
    rows: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
  })
  .strict();
apiSchemas.add(storedExportSchema, { id: 'StoredExport' });

const stored = { status: 303, description: 'the CSV is in S3: Location is a link that works until expiresAt', schema: storedExportSchema };
const storedInBody = {
  status: 201,
  description: "with link=body: the CSV is in S3, and the body's url is a link that works until expiresAt",
  schema: storedExportSchema,
};

/** A script in a browser cannot read a redirect's Location: link=body gives it the same answer as 201. */
const exportQuery = metricsQuery
  .extend({
    link: z
      .enum(['redirect', 'body'])
      .default('redirect')
      .describe("how a stored export's link comes: redirect (303 See Other, followed by curl -L) or body (201 Created, the link in the JSON body)"),
  })
  .strict();

const csvText = z.string().describe('CSV (RFC 4180), UTF-8 with a byte-order mark; README "Exports" lists the columns');

const exportsOf = (deps: AgentApiDeps): ExportDeps => {
  if (!deps.exports) throw new Error('exports are not configured for this API');
  return deps.exports;
};

function answer(result: ExportResult, filename: string, linkIn: 'redirect' | 'body'): HttpResult {
  if (result.kind === 'stored') {
    const { kind: _k, ...link } = result;
    return json(linkIn === 'body' ? 201 : 303, link, { location: result.url, 'cache-control': 'no-store' });
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      // The names are ASCII (kind and dates): no RFC 5987 form needed.
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-destek-rows': String(result.rows),
    },
    body: result.csv,
  };
}

const storedKey = (now: Date, name: string) => `${EXPORTS_PREFIX}/${now.toISOString().slice(0, 10)}/${randomUUID()}/${name}`;

/** One export: a range's lines as CSV, in the response or stored, named after its kind and days. */
async function exportCsv(
  deps: AgentApiDeps,
  kind: string,
  range: { from: string; to: string },
  lines: AsyncIterable<string>,
  { now, link }: { now: Date; link: 'redirect' | 'body' },
): Promise<HttpResult> {
  const filename = `${kind}-${range.from}-${range.to}.csv`;
  return answer(await deliverCsv(lines, { ...exportsOf(deps), key: storedKey(now, filename), filename, now }), filename, link);
}

/** The range's first and last instants (UTC days, both included). */
const instants = (range: { from: string; to: string }) => [`${range.from}T00:00:00.000Z`, `${range.to}T23:59:59.999Z`] as const;

const LARGE =
  "A range too large for one response (about 5 MB) is written to the attachments bucket instead and answered with 303 See Other (201 Created with link=body): Location (and the JSON body's url) is a link that works for exports.linkMinutes; the file is deleted after a day.";

/** CSV exports for spreadsheets: a range's tickets, and the range's figures. */
export const exportRoutes = [
  route({
    method: 'GET',
    path: '/exports/tickets',
    summary: `Every ticket opened between from and to (UTC days, default the last 30, at most 366) as CSV, one row each. ${LARGE}`,
    access: 'admin',
    query: exportQuery,
    responds: { status: 200, contentType: 'text/csv', description: 'the CSV, when it fits one response', schema: csvText },
    alsoResponds: [stored, storedInBody],
    handle: async ({ query, now }, deps) => {
      const range = metricsRange(query, now);
      return exportCsv(deps, 'tickets', range, ticketCsvLines(exportsOf(deps).tickets(...instants(range))), { now, link: query.link });
    },
  }),
  route({
    method: 'GET',
    path: '/exports/metrics',
    summary: `The figures of GET /metrics for tickets opened between from and to, as CSV rows of metric, dimension, value. ${LARGE}`,
    access: 'admin',
    query: exportQuery,
    responds: { status: 200, contentType: 'text/csv', description: 'the CSV, when it fits one response', schema: csvText },
    alsoResponds: [stored, storedInBody],
    handle: async ({ query, now }, deps) => {
      const range = metricsRange(query, now);
      exportsOf(deps); // not configured: fail before reading the range
      const facts: TicketFacts[] = [];
      for await (const t of deps.store.ticketFactsCreatedBetween(...instants(range))) facts.push(t);
      return exportCsv(deps, 'metrics', range, metricsCsvLines(range, computeMetrics(facts, range)), { now, link: query.link });
    },
  }),
];
