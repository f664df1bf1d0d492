import { fullItems } from '#adapters/full-items';
import { DynamoTicketSearch } from '#adapters/search-dynamo';
import { DynamoTicketSearchIndex, dynamoTicketSearchSource } from '#adapters/search-index-dynamo';
import { OpenSearchTickets } from '#adapters/search-opensearch';
import { fromItem, keys } from '#adapters/table-keys';
import type { Ticket } from '#core/model';
import { indexTickets, type TicketSearch, type TicketSearchIndex } from '#core/search';
import { requireEnv } from './env';
import { documentClient } from './shared';

/** The index's name in the collection. */
const OPENSEARCH_INDEX = 'tickets';

/**
 * The OpenSearch engine when the stack made a collection (configuration search.engine "opensearch"
 * sets OPENSEARCH_ENDPOINT), else none: the table's own index.
 */
function openSearchFromEnv(env: NodeJS.ProcessEnv, table: string): OpenSearchTickets | undefined {
  const endpoint = env.OPENSEARCH_ENDPOINT;
  if (!endpoint) return undefined;
  const tickets = async (ids: readonly string[]) =>
    (
      await fullItems(
        documentClient(),
        table,
        ids.map((id) => keys.ticket(id)),
      )
    ).map((i) => fromItem<Ticket>(i));
  return new OpenSearchTickets({ endpoint, env }, OPENSEARCH_INDEX, tickets);
}

/** The ticket search GET /search reads (binding table:read at least). */
export function ticketSearchFromEnv(env = process.env): TicketSearch {
  const table = requireEnv('TABLE_NAME', env);
  return openSearchFromEnv(env, table) ?? new DynamoTicketSearch(documentClient(), table);
}

/** The change feed's indexing step (binding table:readwrite): indexes changed tickets, returns those that failed. */
export function searchIndexingFromEnv(env = process.env) {
  const table = requireEnv('TABLE_NAME', env);
  const index: TicketSearchIndex = openSearchFromEnv(env, table) ?? new DynamoTicketSearchIndex(documentClient(), table);
  const deps = { source: dynamoTicketSearchSource(documentClient(), table), index };
  return (ticketIds: Iterable<string>) => indexTickets(ticketIds, deps);
}
