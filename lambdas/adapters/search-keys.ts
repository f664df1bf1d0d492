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

/** A change record of the table, as far as the indexer reads it (a stream record's keys and images). */
interface ChangedItem {
  readonly dynamodb?: {
    readonly Keys?: { readonly sk?: { readonly S?: string } };
    readonly NewImage?: Readonly<Record<string, { readonly S?: string }>>;
    readonly OldImage?: Readonly<Record<string, { readonly S?: string }>>;
  };
}

/**
 * Whether a change in a ticket's partition can change its search terms: the ticket item, or a customer's
 * message (new, edited or erased). Replies, their delivery updates, notes and events cannot (the terms
 * are the ticket's and its customer messages'), so they index nothing. Without an image (a stream
 * that carries keys only), every change counts.
 */
export function changesSearchTerms(record: ChangedItem): boolean {
  const sk = record.dynamodb?.Keys?.sk?.S ?? '';
  if (!sk.startsWith('INTERACTION#')) return true;
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  return !image || (image.direction?.S === 'in' && image.kind?.S === 'message');
}
