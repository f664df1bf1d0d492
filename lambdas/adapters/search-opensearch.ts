import * as z from 'zod/mini';
import { AwsClient, type AwsClientOptions, type AwsServiceInfo } from '#adapters/aws/client';
import { ValidationError } from '#core/errors';
import type { Ticket } from '#core/model';
import type { Page } from '#core/ports';
import type { TicketSearch, TicketSearchDocument, TicketSearchIndex, TicketSearchQuery } from '#core/search';
import { TERM_WEIGHT } from '#core/search-terms';

/**
 * The optional engine (configuration `search.engine: "opensearch"`): an OpenSearch Serverless
 * collection of type SEARCH, reached with SigV4-signed HTTP calls (service `aoss`) through our AWS
 * client. One document per ticket, its id the ticket's; the terms are made by the same code as the
 * table's index (core/search-terms) and stored as keywords in three fields by weight, so both engines
 * find the same tickets for the same query. The collection's endpoint comes from the stack.
 */
export const OPENSEARCH_SERVERLESS: AwsServiceInfo = { signingName: 'aoss', endpointId: 'OPENSEARCHSERVERLESS', hostPrefix: 'aoss', name: 'OpenSearch' };

/** The index's fields: terms by the weight they were found with, and what results are filtered and sorted by. */
export const OPENSEARCH_MAPPINGS = {
  properties: {
    ids: { type: 'keyword' },
    title: { type: 'keyword' },
    text: { type: 'keyword' },
    number: { type: 'long' },
    createdAt: { type: 'date' },
    channel: { type: 'keyword' },
    status: { type: 'keyword' },
  },
} as const;

const FIELD_OF_WEIGHT: Record<number, 'ids' | 'title' | 'text'> = { [TERM_WEIGHT.identifier]: 'ids', [TERM_WEIGHT.title]: 'title', [TERM_WEIGHT.text]: 'text' };

/** A ticket's document as OpenSearch stores it. */
export function openSearchDocument(d: TicketSearchDocument) {
  const fields = { ids: [] as string[], title: [] as string[], text: [] as string[] };
  for (const [term, w] of d.terms) fields[FIELD_OF_WEIGHT[w] ?? 'text'].push(term);
  return { ...fields, number: d.number, createdAt: d.createdAt, channel: d.channel, status: d.status };
}

/** The search request of a query: every term in some field (weighted by field), filters, sort and the page after the cursor. */
export function openSearchRequest(q: TicketSearchQuery, after: readonly (string | number)[] | undefined) {
  const must = q.terms.map((value) => ({
    bool: {
      should: (['ids', 'title', 'text'] as const).map((field) => ({
        term: { [field]: { value, boost: { ids: TERM_WEIGHT.identifier, title: TERM_WEIGHT.title, text: TERM_WEIGHT.text }[field] } },
      })),
      minimum_should_match: 1,
    },
  }));
  const filter = [
    ...(q.status ? [{ term: { status: q.status } }] : []),
    ...(q.channel ? [{ term: { channel: q.channel } }] : []),
    ...(q.from || q.to ? [{ range: { createdAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } }] : []),
  ];
  const sort = [...(q.sort === 'best' ? ['_score'] : []), { createdAt: 'desc' }, { number: 'desc' }];
  return {
    size: q.limit + 1,
    _source: false,
    track_total_hits: false,
    query: { bool: { must, ...(filter.length ? { filter } : {}) } },
    sort,
    ...(after ? { search_after: after } : {}),
  };
}

const cursorSchema = z.array(z.union([z.string().check(z.maxLength(64)), z.number()])).check(z.minLength(2), z.maxLength(3));
const badCursor = () => new ValidationError('cursor is not valid', [{ path: 'cursor', message: 'not a cursor of this search' }]);

function decode(cursor: string | undefined): (string | number)[] | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {}
  throw badCursor();
}

interface Hits {
  readonly hits: { readonly hits: readonly { readonly _id: string; readonly sort: (string | number)[] }[] };
}

/** The collection's index, read and written through signed HTTP calls. */
export class OpenSearchTickets implements TicketSearch, TicketSearchIndex {
  private readonly client: AwsClient;
  private created: Promise<void> | undefined;

  constructor(
    options: AwsClientOptions & { readonly endpoint: string },
    private readonly index: string,
    /** Reads the result tickets (from the table), in the order given; gone ones left out. */
    private readonly tickets: (ids: readonly string[]) => Promise<Ticket[]>,
  ) {
    this.client = new AwsClient(OPENSEARCH_SERVERLESS, options);
  }

  private async call(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown) {
    const res = await this.client.send({
      operation: `${method} ${path.split('/')[2] ?? 'index'}`,
      method,
      path,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return res.body.length ? (JSON.parse(res.body.toString('utf8')) as unknown) : undefined;
  }

  /** Creates the index with its mappings once per container (already there: fine). */
  private ensureIndex(): Promise<void> {
    this.created ??= this.call('PUT', `/${this.index}`, { mappings: OPENSEARCH_MAPPINGS }).then(
      () => undefined,
      (e: { name?: string; message?: string; error?: unknown }) => {
        // OpenSearch names the error in its body ({"error":{"type":"resource_already_exists_exception"}}).
        if (!/resource_already_exists/.test(`${e.name} ${e.message} ${JSON.stringify(e.error ?? '')}`)) {
          this.created = undefined;
          throw e;
        }
      },
    );
    return this.created;
  }

  async replace(d: TicketSearchDocument): Promise<void> {
    await this.ensureIndex();
    await this.call('PUT', `/${this.index}/_doc/${encodeURIComponent(d.ticketId)}`, openSearchDocument(d));
  }

  async remove(ticketId: string): Promise<void> {
    try {
      await this.call('DELETE', `/${this.index}/_doc/${encodeURIComponent(ticketId)}`);
    } catch (e) {
      if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw e;
    }
  }

  async search(q: TicketSearchQuery): Promise<Page<Ticket>> {
    if (!q.terms.length) return { items: [], next: null };
    const out = (await this.call('POST', `/${this.index}/_search`, openSearchRequest(q, decode(q.cursor)))) as Hits;
    const hits = out.hits.hits.slice(0, q.limit);
    const more = out.hits.hits.length > q.limit;
    const last = hits[hits.length - 1];
    return {
      items: await this.tickets(hits.map((h) => h._id)),
      next: more && last ? Buffer.from(JSON.stringify(last.sort)).toString('base64url') : null,
    };
  }
}
