import { keyPart } from '#core/bounds';

/**
 * The search index's items in the table. A posting says "this ticket has this term": its partition
 * is the term in the month the ticket was created (`SEARCH#<term>#<yyyy-mm>`: no partition grows
 * without end, and a query reads the newest months first), its sort key the ticket's creation time and
 * id (newest first, and a date filter is a key range). A ticket's document item lists its terms, so a
 * change removes exactly the postings it no longer has. Neither has the `TICKET#` prefix, so writing
 * the index never feeds the change feed that writes it.
 */
export const SEARCH_POSTING_PREFIX = 'SEARCH#';

export const monthOf = (createdAt: string): string => createdAt.slice(0, 7);

export const postingPartition = (term: string, month: string): string => `${SEARCH_POSTING_PREFIX}${keyPart(term, 256)}#${month}`;

export const postingSortKey = (createdAt: string, ticketId: string): string => `${createdAt}#${ticketId}`;

export const postingKey = (term: string, createdAt: string, ticketId: string) => ({
  pk: postingPartition(term, monthOf(createdAt)),
  sk: postingSortKey(createdAt, ticketId),
});

/** The ticket id at the end of a posting's sort key. */
export const ticketIdOfPosting = (sk: string): string => sk.slice(sk.lastIndexOf('#') + 1);

export const searchDocumentKey = (ticketId: string) => ({ pk: `SEARCHDOC#${ticketId}`, sk: 'SEARCHDOC' });
