import type { Ticket } from '#core/model';
import { CSV_BOM, csvLine, type CsvValue } from '#core/csv';
import type { computeMetrics } from './metrics';

/**
 * Where a CSV too large for a Lambda response goes: an object written in parts (S3 multipart upload,
 * adapters/s3-export-files.ts), read back through a short-lived link.
 */
export interface ExportFiles {
  begin(key: string, filename: string): Promise<ExportUpload>;
}

export interface ExportUpload {
  /** Every part but the last is at least EXPORT_PART_BYTES (S3's multipart minimum is 5 MiB). */
  append(part: Uint8Array): Promise<void>;
  /** Completes the object; a GET link to it that works for `seconds`. */
  finish(seconds: number): Promise<string>;
  abort(): Promise<void>;
}

export interface ExportDeps {
  /** Every ticket opened in the range (ISO instants), read through the byCreated view, in creation order. */
  tickets(from: string, to: string): AsyncIterable<Ticket>;
  readonly files: ExportFiles;
  /** A CSV whose response body (as JSON-escaped text) is at most this many bytes is answered inline; a larger one goes to object storage. */
  readonly inlineMaxBytes: number;
  /** How long a stored export's link works. */
  readonly linkSeconds: number;
}

/**
 * The inline limit by default: Lambda's response payload is at most 6 MB, the body travelling as a
 * JSON string inside it; 5,000,000 bytes leave room for the envelope and headers.
 */
export const DEFAULT_INLINE_MAX_BYTES = 5_000_000;
/** Part size of a stored export: above S3's 5 MiB minimum, so a Lambda holds at most one part (and the inline buffer) at a time. */
export const EXPORT_PART_BYTES = 8 * 1024 * 1024;
export { EXPORTS_PREFIX } from '#definitions/uploads';

const minutesBetween = (from: string | undefined, to: string | undefined) =>
  from && to ? Math.round(((Date.parse(to) - Date.parse(from)) / 60_000) * 10) / 10 : undefined;

/** The ticket export's columns (README, "Exports"): each a header and how a ticket fills it. */
export const TICKET_COLUMNS: readonly (readonly [string, (t: Ticket) => CsvValue])[] = [
  ['ticket', (t) => t.number],
  ['created_at', (t) => t.createdAt],
  ['updated_at', (t) => t.updatedAt],
  ['status', (t) => t.status],
  ['priority', (t) => t.priority],
  ['channel', (t) => t.channel],
  ['locale', (t) => t.locale],
  ['team', (t) => t.team],
  ['assignee', (t) => t.assignee],
  ['intent', (t) => t.classification?.intent],
  ['subject', (t) => t.subject],
  ['customer_id', (t) => t.customerId],
  ['customer_name', (t) => t.customerName],
  ['messages', (t) => t.interactionCount],
  ['first_response_at', (t) => t.firstResponseAt],
  ['first_responder', (t) => t.firstResponder],
  ['first_response_minutes', (t) => minutesBetween(t.createdAt, t.firstResponseAt)],
  ['sla_due_at', (t) => t.firstResponseDueAt],
  ['sla_breached_at', (t) => t.slaBreachedAt],
  ['resolved_at', (t) => t.resolvedAt],
  ['resolved_by', (t) => t.resolvedBy],
  ['resolution_minutes', (t) => (t.status === 'resolved' || t.status === 'closed' ? minutesBetween(t.createdAt, t.resolvedAt) : undefined)],
  ['reopen_count', (t) => t.reopenCount ?? 0],
  ['csat_score', (t) => t.csat?.score],
  ['tags', (t) => (t.tags?.length ? t.tags.join(' ') : undefined)],
];

export async function* ticketCsvLines(tickets: AsyncIterable<Ticket>): AsyncIterable<string> {
  yield csvLine(TICKET_COLUMNS.map(([header]) => header));
  for await (const t of tickets) yield csvLine(TICKET_COLUMNS.map(([, cell]) => cell(t)));
}

type Metrics = ReturnType<typeof computeMetrics>;

/** Objects whose keys are values (a channel, an intent, a score), not names: their keys become the dimension column. */
const KEYED_BY_VALUE = new Set(['volumeByChannel', 'volumeByIntent', 'csatDistribution', 'byChannel']);
/** In a list, the field that names the row (a day, an intent, an agent). */
const ROW_NAMES = ['day', 'intent', 'agent'];

/**
 * The figures of GET /metrics as rows of metric, dimension, value (long format: a pivot table makes
 * any layout of it): `firstResponse.medianMinutes,,42`, `volumeByChannel,email,17`,
 * `agents.replies,agent-7,12`, `volumeByDay.byChannel,2026-12-01 chat,4`.
 */
export function metricsCsvRows(range: { from: string; to: string }, metrics: Metrics): CsvValue[][] {
  const rows: CsvValue[][] = [
    ['from', '', range.from],
    ['to', '', range.to],
  ];
  const walk = (value: unknown, metric: string, dimension: string, keyed: boolean) => {
    if (value === null || typeof value !== 'object') return void rows.push([metric, dimension, value as CsvValue]);
    if (Array.isArray(value)) {
      for (const item of value as Record<string, unknown>[]) {
        const nameKey = ROW_NAMES.find((k) => typeof item[k] === 'string');
        const name = nameKey ? String(item[nameKey]) : '';
        for (const [k, v] of Object.entries(item))
          if (k !== nameKey) walk(v, `${metric}.${k}`, [dimension, name].filter(Boolean).join(' '), KEYED_BY_VALUE.has(k));
      }
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (keyed) walk(v, metric, [dimension, k].filter(Boolean).join(' '), false);
      else walk(v, metric ? `${metric}.${k}` : k, dimension, KEYED_BY_VALUE.has(k));
    }
  };
  walk(metrics, '', '', false);
  return rows;
}

export async function* metricsCsvLines(range: { from: string; to: string }, metrics: Metrics): AsyncIterable<string> {
  yield csvLine(['metric', 'dimension', 'value']);
  for (const row of metricsCsvRows(range, metrics)) yield csvLine(row);
}

export type ExportResult =
  | { readonly kind: 'inline'; readonly csv: string; readonly rows: number; readonly bytes: number }
  | { readonly kind: 'stored'; readonly url: string; readonly expiresAt: string; readonly rows: number; readonly bytes: number };

const utf8 = new TextEncoder();
/** The bytes a text takes as a JSON string in Lambda's response (quotes, backslashes and control characters escaped). */
const jsonBytes = (text: string) => Buffer.byteLength(JSON.stringify(text));

/**
 * A CSV of any size with bounded memory: lines gather while they fit the inline limit; past it the
 * export becomes an object written a part at a time, and the answer is a link to it. The header line
 * is not counted as a row.
 */
export async function deliverCsv(
  lines: AsyncIterable<string>,
  target: { files: ExportFiles; inlineMaxBytes: number; linkSeconds: number; key: string; filename: string; now: Date },
): Promise<ExportResult> {
  let pending: string[] = [CSV_BOM];
  let pendingBytes = Buffer.byteLength(CSV_BOM);
  let total = 0;
  let lineCount = 0;
  let upload: ExportUpload | undefined;
  const flush = async () => {
    const part = utf8.encode(pending.join(''));
    pending = [];
    pendingBytes = 0;
    await upload!.append(part);
  };
  try {
    for await (const line of lines) {
      lineCount++;
      const bytes = Buffer.byteLength(line);
      pending.push(line);
      pendingBytes += bytes;
      total += bytes;
      // Raw bytes never exceed their JSON-escaped size: past the limit raw, it cannot be answered inline.
      if (!upload && pendingBytes > target.inlineMaxBytes) upload = await target.files.begin(target.key, target.filename);
      if (upload && pendingBytes >= EXPORT_PART_BYTES) await flush();
    }
    const rows = Math.max(0, lineCount - 1);
    if (!upload) {
      const csv = pending.join('');
      if (jsonBytes(csv) <= target.inlineMaxBytes) return { kind: 'inline', csv, rows, bytes: Buffer.byteLength(csv) };
      upload = await target.files.begin(target.key, target.filename);
    }
    if (pending.length) await flush();
    const url = await upload.finish(target.linkSeconds);
    return {
      kind: 'stored',
      url,
      expiresAt: new Date(target.now.getTime() + target.linkSeconds * 1000).toISOString(),
      rows,
      bytes: total + Buffer.byteLength(CSV_BOM),
    };
  } catch (e) {
    await upload?.abort().catch(() => undefined);
    throw e;
  }
}
