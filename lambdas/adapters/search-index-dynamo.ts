import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, type DocumentClient, type WriteRequest } from '#adapters/aws/dynamodb';
import type { Interaction, Ticket } from '#core/model';
import type { TicketSearchDocument, TicketSearchIndex, TicketSearchSource } from '#core/search';
import { fromItem, INTERACTION_PREFIX, keys } from './table-keys';
import { postingKey, searchDocumentKey } from './search-keys';

/** BatchWriteItem's limit of requests. */
const BATCH = 25;
/** The customer messages a ticket's terms are read from at most (the newest are left out past it: the bound on terms is reached long before). */
const MAX_INTERACTIONS_READ = 1000;

interface StoredDocument {
  readonly createdAt: string;
  /** Term → weight. */
  readonly t: Record<string, number>;
}

async function batchWrite(doc: DocumentClient, table: string, requests: WriteRequest[]): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += BATCH) batches.push(requests.slice(i, i + BATCH));
  await Promise.all(
    batches.map(async (batch) => {
      let pending = batch;
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] as WriteRequest[] | undefined) ?? [];
      }
    }),
  );
}

/**
 * The default engine's index writer: one posting per term and ticket, and the ticket's document item.
 * Order makes it crash-safe: the document first lists every posting that may exist (old and new),
 * then the postings change, then the document lists only the new ones. A run cut short anywhere
 * leaves no posting the document does not know, so the next run removes it.
 */
export class DynamoTicketSearchIndex implements TicketSearchIndex {
  constructor(
    private readonly doc: DocumentClient,
    private readonly table: string,
  ) {}

  private async stored(ticketId: string): Promise<StoredDocument | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: searchDocumentKey(ticketId), ConsistentRead: true }));
    return out.Item as StoredDocument | undefined;
  }

  private putDocument(ticketId: string, createdAt: string, terms: Record<string, number>) {
    return this.doc.send(new PutCommand({ TableName: this.table, Item: { ...searchDocumentKey(ticketId), createdAt, t: terms } }));
  }

  async replace(d: TicketSearchDocument): Promise<void> {
    const old = await this.stored(d.ticketId);
    const before = old?.t ?? {};
    const next = Object.fromEntries(d.terms);
    const changed = Object.entries(next).filter(([term, w]) => before[term] !== w);
    const gone = old ? Object.keys(before).filter((term) => !(term in next)) : [];
    if (!changed.length && !gone.length) return;
    if (changed.length) await this.putDocument(d.ticketId, d.createdAt, { ...before, ...next });
    await batchWrite(this.doc, this.table, [
      ...changed.map(([term, w]): WriteRequest => ({ PutRequest: { Item: { ...postingKey(term, d.createdAt, d.ticketId), w } } })),
      ...gone.map((term): WriteRequest => ({ DeleteRequest: { Key: postingKey(term, old!.createdAt, d.ticketId) } })),
    ]);
    if (gone.length) await this.putDocument(d.ticketId, d.createdAt, next);
  }

  async remove(ticketId: string): Promise<void> {
    const old = await this.stored(ticketId);
    if (!old) return;
    await batchWrite(
      this.doc,
      this.table,
      Object.keys(old.t).map((term) => ({ DeleteRequest: { Key: postingKey(term, old.createdAt, ticketId) } })),
    );
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: searchDocumentKey(ticketId) }));
  }
}

/** What the indexer reads: the ticket item and its customers' messages (text, subject and found entities only). */
export function dynamoTicketSearchSource(doc: DocumentClient, table: string): TicketSearchSource {
  return {
    async ticket(id) {
      const out = await doc.send(new GetCommand({ TableName: table, Key: keys.ticket(id), ConsistentRead: true }));
      return out.Item ? fromItem<Ticket>(out.Item) : undefined;
    },
    async customerMessages(ticketId) {
      const items: Pick<Interaction, 'direction' | 'kind' | 'text' | 'subject' | 'classification'>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(
          new QueryCommand({
            TableName: table,
            // Strongly consistent: the change that called the indexer is always in what it reads.
            ConsistentRead: true,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            FilterExpression: '#direction = :in AND #kind = :message',
            ProjectionExpression: '#direction, #kind, #text, #subject, #classification.entities',
            ExpressionAttributeNames: {
              '#direction': 'direction',
              '#kind': 'kind',
              '#text': 'text',
              '#subject': 'subject',
              '#classification': 'classification',
            },
            ExpressionAttributeValues: { ':pk': keys.ticket(ticketId).pk, ':prefix': INTERACTION_PREFIX, ':in': 'in', ':message': 'message' },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        items.push(...((out.Items ?? []) as typeof items));
        start = out.LastEvaluatedKey;
      } while (start && items.length < MAX_INTERACTIONS_READ);
      return items;
    },
  };
}
