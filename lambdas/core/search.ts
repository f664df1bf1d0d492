import type { Channel } from './messages';
import type { Interaction, Ticket, TicketStatus } from './model';
import type { Page } from './ports';
import { isCustomerMessage, ticketTerms, type TermWeights } from './search-terms';

/**
 * Ticket search: the port both engines implement (the table's own inverted index, the default, and
 * OpenSearch Serverless), and the indexing step the table's change feed runs.
 */

/** One ticket as the index holds it: its terms and what results are filtered and ordered by. */
export interface TicketSearchDocument {
  readonly ticketId: string;
  readonly number: number;
  readonly createdAt: string;
  readonly channel: Channel;
  readonly status: TicketStatus;
  readonly terms: TermWeights;
}

export interface TicketSearchQuery {
  /** Terms as queryTerms makes them; a ticket must have every one. */
  readonly terms: readonly string[];
  /** 'newest': by creation, newest first; 'best': by how strongly the terms matched, then newest. */
  readonly sort: 'newest' | 'best';
  readonly status?: TicketStatus | undefined;
  readonly channel?: Channel | undefined;
  /** Created at or after (ISO time). */
  readonly from?: string | undefined;
  /** Created before (ISO time). */
  readonly to?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** Reads the index (GET /search). */
export interface TicketSearch {
  search(q: TicketSearchQuery): Promise<Page<Ticket>>;
}

/** Writes the index: a ticket's document replaces what the index had of it (the same document twice changes nothing). */
export interface TicketSearchIndex {
  replace(doc: TicketSearchDocument): Promise<void>;
  /** The ticket is gone: nothing of it stays in the index. */
  remove(ticketId: string): Promise<void>;
}

/** What the indexer reads of a ticket: the ticket and its customers' messages, oldest first. */
export interface TicketSearchSource {
  ticket(id: string): Promise<Ticket | undefined>;
  customerMessages(ticketId: string): Promise<Pick<Interaction, 'direction' | 'kind' | 'text' | 'subject' | 'classification'>[]>;
}

export function searchDocument(ticket: Ticket, messages: Parameters<typeof ticketTerms>[1]): TicketSearchDocument {
  return {
    ticketId: ticket.id,
    number: ticket.number,
    createdAt: ticket.createdAt,
    channel: ticket.channel,
    status: ticket.status,
    terms: ticketTerms(ticket, messages),
  };
}

/** Tickets indexed at once by one batch of changes. */
const CONCURRENCY = 8;

/**
 * Indexes changed tickets from what they are now (never from the change itself), so a replayed,
 * late or reordered change record gives the same index. Returns the tickets it could not index and why (to retry).
 */
export async function indexTickets(
  ticketIds: Iterable<string>,
  deps: { source: TicketSearchSource; index: TicketSearchIndex },
): Promise<{ ticketId: string; error: unknown }[]> {
  const queue = [...new Set(ticketIds)];
  const failed: { ticketId: string; error: unknown }[] = [];
  const work = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        const ticket = await deps.source.ticket(id);
        if (!ticket) await deps.index.remove(id);
        else await deps.index.replace(searchDocument(ticket, (await deps.source.customerMessages(id)).filter(isCustomerMessage)));
      } catch (error) {
        failed.push({ ticketId: id, error });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, work));
  return failed;
}
