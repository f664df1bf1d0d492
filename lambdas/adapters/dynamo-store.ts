import { randomInt } from 'node:crypto';
import { TransactionCanceledException, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Channel } from '#core/messages';
import type { Customer, Delivery, Identity, Interaction, Ticket } from '#core/model';
import type { InboundCommit } from '#core/plan-inbound';
import type { ClaimResult, CommitResult, DeliveryStore, InboundStore, Page, ProcessedMessage, ReadFreshness, TicketReader } from '#core/ports';
import { SHARDS } from '#definitions/table';
import { fromItem, identityItem, interactionItem, keys, ticketItem } from './table-keys';
import { decodeCursor, encodeCursor, type CursorScope } from './cursor';
import { DynamoDeliveryFailures } from './delivery-failure';

export interface DynamoStoreOptions {
  readonly tableName: string;
  /** The first ticket number; the counter counts from here. */
  readonly ticketNumberStart: number;
  /** Receives the capacity each call consumed (benchmarks); when set, calls ask DynamoDB for it. */
  readonly onCapacity?: (kind: 'read' | 'write', c: ConsumedCapacity[]) => void;
}

const notExists = 'attribute_not_exists(pk)';

/** The DynamoDB adapter behind the pipeline, the sender and the agent API. */
export class DynamoStore implements InboundStore, DeliveryStore, TicketReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly options: DynamoStoreOptions,
  ) {}

  private get table() {
    return this.options.tableName;
  }

  private capacity(): { ReturnConsumedCapacity?: 'INDEXES' } {
    return this.options.onCapacity ? { ReturnConsumedCapacity: 'INDEXES' } : {};
  }

  private record(c: ConsumedCapacity | ConsumedCapacity[] | undefined, kind: 'read' | 'write' = 'write'): void {
    if (c && this.options.onCapacity) this.options.onCapacity(kind, Array.isArray(c) ? c : [c]);
  }

  private async get(key: { pk: string; sk: string }, freshness: ReadFreshness = 'latest'): Promise<Record<string, unknown> | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: freshness === 'latest', ...this.capacity() }));
    this.record(out.ConsumedCapacity, 'read');
    return out.Item;
  }

  async getProcessedMessage(messageKey: string, freshness?: ReadFreshness): Promise<ProcessedMessage | undefined> {
    const item = await this.get(keys.message(messageKey), freshness);
    return item ? fromItem<ProcessedMessage>(item) : undefined;
  }

  async getIdentity(channel: Identity['channel'], address: string, freshness?: ReadFreshness): Promise<Identity | undefined> {
    const item = await this.get(keys.identity(channel, address), freshness);
    return item ? fromItem<Identity>(item) : undefined;
  }

  async getThreadTicketId(channel: Channel, conversationKey: string, freshness?: ReadFreshness): Promise<string | undefined> {
    const item = await this.get(keys.thread(channel, conversationKey), freshness);
    return item?.ticketId as string | undefined;
  }

  async getTicket(ticketId: string, freshness?: ReadFreshness): Promise<Ticket | undefined> {
    const item = await this.get(keys.ticket(ticketId), freshness);
    return item ? fromItem<Ticket>(item) : undefined;
  }

  async getCustomer(customerId: string, freshness?: ReadFreshness): Promise<Customer | undefined> {
    const item = await this.get(keys.customer(customerId), freshness);
    return item ? fromItem<Customer>(item) : undefined;
  }

  async countRecentContacts(customerId: string, since: Date): Promise<number> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byCustomer',
        KeyConditionExpression: 'gsi2pk = :c AND gsi2sk BETWEEN :from AND :to',
        FilterExpression: 'direction = :in',
        ExpressionAttributeValues: { ':c': `CUSTOMER#${customerId}`, ':from': `INTERACTION#${since.toISOString()}`, ':to': 'INTERACTION#~', ':in': 'in' },
        Select: 'COUNT',
        ...this.capacity(),
      }),
    );
    this.record(out.ConsumedCapacity, 'read');
    return out.Count ?? 0;
  }

  /**
   * One of SHARDS.ticketCounter counters, picked at random, hands out its next number of its residue
   * class: counter k's n-th number is start + (n − 1) × counters + k. Unique without coordination, and
   * short: the counters advance evenly, so numbers stay within a few of the count of tickets opened.
   */
  async allocateTicketNumber(): Promise<number> {
    const counters = SHARDS.ticketCounter;
    const k = randomInt(counters);
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.ticketCounter(k),
        UpdateExpression: 'ADD #value :one',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
        ...this.capacity(),
      }),
    );
    this.record(out.ConsumedCapacity);
    return this.options.ticketNumberStart + (Number(out.Attributes?.value) - 1) * counters + k;
  }

  async commitInbound(c: InboundCommit): Promise<CommitResult> {
    const put = (Item: Record<string, unknown>, ConditionExpression?: string, values?: Record<string, unknown>) => ({
      Put: {
        TableName: this.table,
        Item,
        ...(ConditionExpression ? { ConditionExpression } : {}),
        ...(values ? { ExpressionAttributeValues: values } : {}),
      },
    });
    const processed: ProcessedMessage = {
      messageKey: c.messageKey,
      ticketId: c.ticket.id,
      outbound: c.outbound.map((o) => o.message),
    };
    const items = [
      // Index 0 is the replay guard: its condition failing means "already processed".
      put({ ...keys.message(c.messageKey), type: 'message', ...processed, processedAt: c.processedAt }, notExists),
      c.expectedTicketVersion === undefined
        ? put(ticketItem(c.ticket), notExists)
        : put(ticketItem(c.ticket), 'version = :expected', { ':expected': c.expectedTicketVersion }),
      put(interactionItem(c.interaction), notExists),
      ...c.outbound.map((o) => put(interactionItem(o.interaction), notExists)),
      ...c.newIdentities.map((i) => put(identityItem(i), notExists)),
      ...(c.newCustomer ? [put({ ...keys.customer(c.newCustomer.id), type: 'customer', ...c.newCustomer }, notExists)] : []),
      ...(c.threadTicketId
        ? [
            put(
              {
                ...keys.thread(c.ticket.channel, c.ticket.conversationKey),
                type: 'thread',
                ticketId: c.threadTicketId,
                updatedAt: c.processedAt,
              },
              // The thread must still be as we read it: nobody opened another ticket for it meanwhile.
              c.previousThreadTicketId ? 'ticketId = :previous' : notExists,
              c.previousThreadTicketId ? { ':previous': c.previousThreadTicketId } : undefined,
            ),
          ]
        : []),
    ];
    try {
      const out = await this.db.send(
        new TransactWriteCommand({
          TransactItems: items,
          ...this.capacity(),
        }),
      );
      this.record(out.ConsumedCapacity);
      return 'committed';
    } catch (e) {
      if (e instanceof TransactionCanceledException || (e as Error).name === 'TransactionCanceledException') {
        const reasons = (e as TransactionCanceledException).CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'duplicate';
        return 'conflict';
      }
      throw e;
    }
  }

  async getDelivery(ticketId: string, interactionKey: string): Promise<Delivery | undefined> {
    const item = await this.get(keys.interaction(ticketId, interactionKey));
    return item?.delivery as Delivery | undefined;
  }

  async claimDelivery(ticketId: string, interactionKey: string, now: Date, leaseMs: number): Promise<ClaimResult> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.interaction(ticketId, interactionKey),
          UpdateExpression: 'SET delivery.#status = :sending, delivery.leaseUntil = :until, delivery.attempts = delivery.attempts + :one',
          ConditionExpression: 'attribute_exists(pk) AND (delivery.#status = :pending OR (delivery.#status = :sending AND delivery.leaseUntil < :now))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':pending': 'pending',
            ':until': new Date(now.getTime() + leaseMs).toISOString(),
            ':now': now.toISOString(),
            ':one': 1,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ...this.capacity(),
        }),
      );
      this.record(out.ConsumedCapacity);
      return 'claimed';
    } catch (e) {
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
      // The document client does not unmarshall the item that comes with a failed condition.
      const raw = (e as { Item?: Parameters<typeof unmarshall>[0] }).Item;
      if (!raw) return 'missing';
      const old = unmarshall(raw) as { delivery?: Delivery };
      if (old.delivery?.status === 'sent') return 'already-sent';
      return old.delivery?.status === 'failed' ? 'already-failed' : 'in-flight';
    }
  }

  async completeDelivery(ticketId: string, interactionKey: string, now: Date, providerMessageId: string) {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.interaction(ticketId, interactionKey),
        UpdateExpression: 'SET delivery.#status = :sent, delivery.sentAt = :now, delivery.providerMessageId = :pid REMOVE delivery.leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':now': now.toISOString(), ':pid': providerMessageId },
        ...this.capacity(),
      }),
    );
    this.record(out.ConsumedCapacity);
  }

  async releaseDelivery(ticketId: string, interactionKey: string, error: string) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.interaction(ticketId, interactionKey),
          UpdateExpression: 'SET delivery.#status = :pending, delivery.lastError = :error REMOVE delivery.leaseUntil',
          ConditionExpression: 'delivery.#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':sending': 'sending', ':error': error.slice(0, 1000) },
        }),
      );
    } catch (e) {
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    }
  }

  async failDelivery(ticketId: string, interactionKey: string, now: Date, reason: string) {
    const failures = new DynamoDeliveryFailures(this.db, this.table, this.options.onCapacity && ((c) => this.record(c)));
    await failures.recordDeliveryFailure({ ticketId, interactionKey }, { stage: 'sending', reason, at: now.toISOString() });
  }

  async getTimeline(ticketId: string, limit: number, cursor?: string): Promise<Page<Interaction>> {
    const scope: CursorScope = { list: `timeline:${ticketId}`, partition: keys.ticket(ticketId).pk, sortPrefix: 'INTERACTION#' };
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.ticket(ticketId).pk, ':prefix': 'INTERACTION#' },
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: decodeCursor(scope, cursor) } : {}),
      }),
    );
    return { items: (out.Items ?? []).map((i) => fromItem<Interaction>(i)), next: encodeCursor(scope, out.LastEvaluatedKey) };
  }
}
