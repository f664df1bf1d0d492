import { randomInt } from 'node:crypto';
import type { ConsumedCapacity } from '#adapters/aws/dynamodb';
import { PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import { unmarshall } from '#adapters/aws/dynamodb';
import type { Channel, OutboundMessage } from '#core/messages';
import type { Customer, Delivery, Identity, Interaction, Ticket } from '#core/model';
import type { InboundCommit } from '#core/plan-inbound';
import type { ApplyResult, ClaimResult, DeliveryStore, InboundStore, Page, ProcessedMessage, ReadFreshness, TicketReader } from '#core/ports';
import { SHARDS } from '#definitions/table';
import { customerItem, fromItem, IDENTITY_LIST, identityItem, identityListEntry, interactionItem, keys, ticketItem } from './table-keys';
import { decodeCursor, encodeCursor, type CursorScope } from './cursor';
import { DynamoDeliveryFailures } from './delivery-failure';
import { CoalescedReads } from './coalesced-reads';
import { CoalescedWrites } from './coalesced-writes';

export interface DynamoStoreOptions {
  readonly tableName: string;
  /** The first ticket number; the counter counts from here. */
  readonly ticketNumberStart: number;
  /** How many ticket numbers one counter write takes (default TICKET_NUMBER_BLOCK). */
  readonly ticketNumberBlock?: number;
  /** Receives the capacity each call consumed (benchmarks); when set, calls ask DynamoDB for it. */
  readonly onCapacity?: (kind: 'read' | 'write', c: ConsumedCapacity[]) => void;
}

const notExists = 'attribute_not_exists(pk)';

/** A reply written by an earlier run is handed over again only while it waits to be sent. */
const stillPending = (written: true | false | Record<string, unknown> | undefined): boolean =>
  written === true || (written as { delivery?: Delivery } | undefined)?.delivery?.status === 'pending';
/** Ticket numbers taken per counter write: a tenth of a write unit per new ticket on a busy instance. */
export const TICKET_NUMBER_BLOCK = 10;

/** The DynamoDB adapter behind the pipeline, the sender and the agent API. */
export class DynamoStore implements InboundStore, DeliveryStore, TicketReader {
  constructor(
    private readonly db: DocumentClient,
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

  /** Reads of concurrent messages (a FIFO batch's groups) and of one message's parallel lookups, gathered. */
  private coalesced?: CoalescedReads;
  private get reads(): CoalescedReads {
    this.coalesced ??= new CoalescedReads({
      db: this.db,
      table: this.options.tableName,
      capacity: () => this.capacity(),
      onCapacity: (c) => this.record(c, 'read'),
    });
    return this.coalesced;
  }

  /** Puts of concurrent messages that need no condition, gathered. */
  private coalescedWrites?: CoalescedWrites;
  private get writes(): CoalescedWrites {
    this.coalescedWrites ??= new CoalescedWrites({
      db: this.db,
      table: this.options.tableName,
      capacity: () => this.capacity(),
      onCapacity: (c) => this.record(c),
    });
    return this.coalescedWrites;
  }

  private get(key: { pk: string; sk: string }, freshness: ReadFreshness = 'latest'): Promise<Record<string, unknown> | undefined> {
    return this.reads.get(key, freshness === 'latest');
  }

  async getProcessedMessage(messageKey: string, freshness?: ReadFreshness): Promise<ProcessedMessage | undefined> {
    const item = await this.get(keys.message(messageKey), freshness);
    return item ? fromItem<ProcessedMessage>(item) : undefined;
  }

  async getIdentity(channel: Identity['channel'], address: string, freshness?: ReadFreshness): Promise<Identity | undefined> {
    const item = await this.get(keys.identity(channel, address), freshness);
    return item ? fromItem<Identity>(item) : undefined;
  }

  /**
   * The conversation's ticket. An e-mail conversation keeps it on its conversation item (which the
   * ingest reads anyway, and passes on as the message's threadTicketId); one opened by an earlier
   * version (no holdsThread) still has it in its thread item.
   */
  async getThreadTicketId(channel: Channel, conversationKey: string, freshness?: ReadFreshness): Promise<string | undefined> {
    if (channel === 'email') {
      const conversation = await this.get(keys.emailConversation(conversationKey), freshness);
      if (conversation?.ticketId || conversation?.holdsThread) return conversation.ticketId as string | undefined;
    }
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

  /** Numbers this instance took from a counter and has not handed out yet. */
  private readonly numbers: number[] = [];
  /** Callers waiting for a number while blocks are being taken, and how many blocks are on the way. */
  private readonly waiting: { resolve: (n: number) => void; reject: (e: unknown) => void }[] = [];
  private blocksInFlight = 0;
  /** The counter this instance takes its next block from: each in turn, from a random one, so all advance evenly. */
  private nextCounter = randomInt(SHARDS.ticketCounter);

  /**
   * One of SHARDS.ticketCounter counters, each in turn, hands out a block of its residue class:
   * counter k's n-th number is start + (n − 1) × counters + k. Unique without coordination, and short:
   * the counters advance evenly. A block of ticketNumberBlock numbers costs one write; the numbers an
   * instance had not used when it ends are skipped (a gap, never a repeat). Concurrent callers share
   * the blocks on their way, so a burst takes one block per ticketNumberBlock callers, not one each.
   */
  allocateTicketNumber(): Promise<number> {
    const next = this.numbers.shift();
    if (next !== undefined) return Promise.resolve(next);
    const block = this.options.ticketNumberBlock ?? TICKET_NUMBER_BLOCK;
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (this.waiting.length > this.blocksInFlight * block) void this.takeBlock(block);
    });
  }

  private async takeBlock(block: number): Promise<void> {
    this.blocksInFlight++;
    const counters = SHARDS.ticketCounter;
    const k = this.nextCounter;
    this.nextCounter = (k + 1) % counters;
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.ticketCounter(k),
          UpdateExpression: 'ADD #value :block',
          ExpressionAttributeNames: { '#value': 'value' },
          ExpressionAttributeValues: { ':block': block },
          ReturnValues: 'UPDATED_NEW',
          ...this.capacity(),
        }),
      );
      this.record(out.ConsumedCapacity);
      const last = Number(out.Attributes?.value);
      for (let n = last - block + 1; n <= last; n++) this.numbers.push(this.options.ticketNumberStart + (n - 1) * counters + k);
    } catch (error) {
      // The callers this block was for fail; those another block in flight covers keep waiting.
      this.blocksInFlight--;
      const uncovered = Math.max(0, this.waiting.length - this.blocksInFlight * block);
      for (const waiter of this.waiting.splice(this.waiting.length - Math.min(block, uncovered), block)) waiter.reject(error);
      return;
    }
    this.blocksInFlight--;
    while (this.waiting.length > 0 && this.numbers.length > 0) this.waiting.shift()!.resolve(this.numbers.shift()!);
  }

  async applyInbound(c: InboundCommit): Promise<ApplyResult> {
    if (c.alreadyApplied) return 'committed';
    // The customer and its identities, and beside them the thread's claim on the new ticket's number
    // (a claim whose ticket is missing is honoured by the next run: see claimedTicketId in the pipeline).
    const [linked, threaded] = await Promise.all([this.linkIdentities(c), !c.threadTicketId || this.moveThread(c)]);
    if (!linked || !threaded) return 'conflict';
    const committed =
      c.expectedTicketVersion === undefined
        ? await this.putIfAbsent(ticketItem(c.ticket))
        : await this.putIf(ticketItem(c.ticket), 'version = :expected', { ':expected': c.expectedTicketVersion });
    return committed ? 'committed' : 'conflict';
  }

  /**
   * The customer first, so an identity never names a customer that does not exist. Its profile lists
   * the new identities before they are written (a run stopped between the two leaves a listed address
   * that is not the customer's: readers of the list check each identity). False when someone else
   * linked an address meanwhile: plan again with theirs (the ones written stay: they name this
   * message's customer, which exists). Two different first messages of one new sender racing can leave
   * the loser's new customer named by no identity: an empty profile, harmless. Copies of one message
   * share the customer id, so it is never deleted.
   */
  private async linkIdentities(c: InboundCommit): Promise<boolean> {
    // No condition: a new customer's id is the message's own, and no identity or ticket names it yet, so
    // whoever writes it (a copy, a retry) writes the same; it goes with other messages' writes.
    if (c.newCustomer) await this.writes.put(customerItem(c.newCustomer, c.newIdentities));
    else if (c.newIdentities.length) await this.changeIdentityList(c.newIdentities[0]!.customerId, 'ADD', c.newIdentities);
    const linked = await Promise.all(c.newIdentities.map((identity) => this.putIfAbsent(identityItem(identity))));
    return linked.every(Boolean);
  }

  /**
   * Adds identities to an existing customer's list or takes them off it; either twice changes nothing
   * more (set operations), so a replayed message or a resumed merge repeats it safely.
   */
  protected async changeIdentityList(
    customerId: string,
    change: 'ADD' | 'DELETE',
    identities: readonly Pick<Identity, 'channel' | 'address'>[],
  ): Promise<void> {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.customer(customerId),
        UpdateExpression: `${change} #list :entries`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#list': IDENTITY_LIST },
        ExpressionAttributeValues: { ':entries': new Set(identities.map(identityListEntry)) },
        ...this.capacity(),
      }),
    );
    this.record(out.ConsumedCapacity);
  }

  async recordInbound(c: InboundCommit): Promise<readonly OutboundMessage[]> {
    const customerId = c.interaction.customerId;
    const processed: ProcessedMessage = {
      messageKey: c.messageKey,
      ticketId: c.ticket.id,
      interactionKey: c.interaction.key,
      replies: c.outbound.map(({ message: m }) => ({ ticketId: m.ticketId, interactionKey: m.interactionKey, outboundId: m.outboundId })),
      ...(c.suggestedAnswer ? { suggestedAnswer: c.suggestedAnswer } : {}),
    };
    const record = { ...keys.message(c.messageKey), type: 'message', ...processed, processedAt: c.processedAt, customerId };
    if (!c.alreadyApplied) {
      // This run just committed the ticket, so nobody has written these keys but copies of this message
      // that found it committed: the message, the rules' events and the record are the same whoever
      // writes them, and go in one request with other messages' (no condition needed). The record may
      // land before a reply or the message: a replay checks what the record names (see replay in
      // core/pipeline.ts). A reply is written only if absent: a copy may have sent it meanwhile.
      const [replies] = await Promise.all([
        Promise.all(c.outbound.map((o) => this.putIfAbsent(interactionItem(o.interaction), 'ALL_OLD'))),
        this.writes.put(interactionItem(c.interaction)),
        ...(c.events ?? []).map((e) => this.writes.put(interactionItem(e))),
        this.writes.put(record),
      ]);
      return c.outbound.filter((_, i) => stillPending(replies[i])).map((o) => o.message);
    }
    const [, ...replies] = await Promise.all([
      this.putIfAbsent(interactionItem(c.interaction)),
      ...c.outbound.map((o) => this.putIfAbsent(interactionItem(o.interaction), 'ALL_OLD')),
      ...(c.events ?? []).map((e) => this.putIfAbsent(interactionItem(e))),
    ]);
    // The record last: a replay that finds it takes the interactions as written.
    await this.putIfAbsent(record);
    return c.outbound.filter((_, i) => stillPending(replies[i])).map((o) => o.message);
  }

  /**
   * Points the conversation at the new ticket, if it is still as read: nobody opened another ticket for
   * it meanwhile. E-mail: on the conversation item (its threading record stays); an earlier version's
   * conversation, whose ticket is in its thread item, takes the new ticket there once.
   */
  private async moveThread(c: InboundCommit): Promise<boolean> {
    const { channel, conversationKey } = c.ticket;
    const previous = c.previousThreadTicketId ? { ':previous': c.previousThreadTicketId } : {};
    if (channel === 'email') {
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.emailConversation(conversationKey),
            UpdateExpression: 'SET ticketId = :ticket, threadUpdatedAt = :now',
            ConditionExpression: c.previousThreadTicketId ? 'attribute_not_exists(ticketId) OR ticketId = :previous' : 'attribute_not_exists(ticketId)',
            ExpressionAttributeValues: { ':ticket': c.threadTicketId, ':now': c.processedAt, ...previous },
            ...this.capacity(),
          }),
        );
        return true;
      } catch (e) {
        if ((e as Error).name === 'ConditionalCheckFailedException') return false;
        throw e;
      }
    }
    const thread = { ...keys.thread(channel, conversationKey), type: 'thread', ticketId: c.threadTicketId, updatedAt: c.processedAt };
    return Boolean(c.previousThreadTicketId ? await this.putIf(thread, 'ticketId = :previous', previous) : await this.putIfAbsent(thread));
  }

  /** Puts the item unless its key exists: true when written, else false (or the item there, when asked). */
  private async putIfAbsent(item: Record<string, unknown>, returnExisting?: 'ALL_OLD'): Promise<true | false | Record<string, unknown>> {
    return this.putIf(item, notExists, undefined, returnExisting);
  }

  private async putIf(
    item: Record<string, unknown>,
    condition: string,
    values?: Record<string, unknown>,
    returnExisting?: 'ALL_OLD',
  ): Promise<true | false | Record<string, unknown>> {
    try {
      const out = await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: condition,
          ...(values ? { ExpressionAttributeValues: values } : {}),
          ...(returnExisting ? { ReturnValuesOnConditionCheckFailure: returnExisting } : {}),
          ...this.capacity(),
        }),
      );
      this.record(out.ConsumedCapacity);
      return true;
    } catch (e) {
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
      // The document client does not unmarshall the item that comes with a failed condition.
      const raw = (e as { Item?: Parameters<typeof unmarshall>[0] }).Item;
      return returnExisting && raw ? unmarshall(raw) : false;
    }
  }

  async getInteraction(ticketId: string, interactionKey: string): Promise<Interaction | undefined> {
    const item = await this.get(keys.interaction(ticketId, interactionKey));
    return item ? fromItem<Interaction>(item) : undefined;
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
      if (old.delivery?.status === 'failed') return 'already-failed';
      return { status: 'in-flight', ...(old.delivery?.leaseUntil ? { leaseUntil: old.delivery.leaseUntil } : {}) };
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
