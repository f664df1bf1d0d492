/**
 * Which recorded calls are the search index's work (issue 22's default engine): the change feed's
 * consumer keeps an inverted index in the table, an opt-in cost of a feature on the change feed, not
 * of the message's data path. The benchmark reports it beside each case, not in its `writeUnits`.
 */
import { SEARCH_POSTING_PREFIX, searchDocumentKey } from '#adapters/search-keys';
import { keys } from '#adapters/table-keys';
import type { Recorded } from './recording-proxy';

const SEARCH_DOCUMENT_PREFIX = searchDocumentKey('').pk;
const TICKET_PARTITION_PREFIX = keys.ticket('').pk;
/** The change feed's consumer: besides the index, it only reads and removes agents' connections. */
const CHANGE_FEED_CONSUMER = 'agentLive';

const isIndexKey = (key: string) => key.startsWith(SEARCH_POSTING_PREFIX) || key.startsWith(SEARCH_DOCUMENT_PREFIX);

/**
 * A call of the index: a write of postings or document items only, a read of the document item, or
 * the consumer reading a ticket's partition (the ticket and its customers' messages the terms come from).
 */
export function isSearchIndexCall(r: Recorded): boolean {
  if (r.items.length) return r.items.every((i) => isIndexKey(i.key));
  if (!r.reads.length) return false;
  return r.reads.every((k) => isIndexKey(k) || (r.by === CHANGE_FEED_CONSUMER && k.startsWith(TICKET_PARTITION_PREFIX)));
}

/** A write touching index items and other items at once: its units could not be split by call (expected none). */
export const isMixedIndexCall = (r: Recorded): boolean => r.items.some((i) => isIndexKey(i.key)) && !r.items.every((i) => isIndexKey(i.key));
