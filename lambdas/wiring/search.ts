import { DynamoTicketSearch } from '#adapters/search-dynamo';
import { DynamoTicketSearchIndex, dynamoTicketSearchSource } from '#adapters/search-index-dynamo';
import { indexTickets, type TicketSearch } from '#core/search';
import { requireEnv } from './env';
import { documentClient } from './shared';

/** The ticket search GET /search reads (binding table:read at least). */
export function ticketSearchFromEnv(env = process.env): TicketSearch {
  return new DynamoTicketSearch(documentClient(), requireEnv('TABLE_NAME', env));
}

/** The change feed's indexing step (binding table:readwrite): indexes changed tickets, returns those that failed. */
export function searchIndexingFromEnv(env = process.env) {
  const table = requireEnv('TABLE_NAME', env);
  const deps = { source: dynamoTicketSearchSource(documentClient(), table), index: new DynamoTicketSearchIndex(documentClient(), table) };
  return (ticketIds: Iterable<string>) => indexTickets(ticketIds, deps);
}
