import { TransactionCanceledException } from '#adapters/aws/dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DocumentClient,
  type QueryCommandInput,
} from '#adapters/aws/dynamodb';
import { ConflictError } from '#core/errors';
import type { Channel } from '#core/messages';
import type { Customer, Identity, Interaction, Ticket } from '#core/model';
import type { Page } from '#core/ports';
import { awaitsFirstResponse, SLA_ATTRIBUTES } from '#core/sla';
import { ticketFacts, type TicketFacts } from '#agent/metrics';
import type { CappedCount, OpenTicketEntry } from '#agent/ticket-counts';
import type { AgentReply, AgentStore, AnswerOverride, CannedResponse, ChangeResult, IdentityKind, TicketChange, TicketQuery } from '#agent/ports';
import { DynamoStore, type DynamoStoreOptions } from './dynamo-store';
import {
  factsFromIndexEntry,
  fromItem,
  IDENTITY_LIST,
  identityFromListEntry,
  interactionItem,
  customerItem,
  LEGACY_IDENTITY_PREFIX,
  keys,
  legacyIntentPrefix,
  openEntryFromQueueIndex,
  PRIORITY_RANK,
  QUEUE_ENTRY_ATTRIBUTES,
  teamQueueKey,
  ticketItem,
  views,
  viewShardKeys,
} from './table-keys';
import { allOfShards, mergeShards } from './sharded-query';
import { fullItems } from './full-items';
import { tableSchema, type IndexName } from '#definitions/table';
import { decodeCursor, decodeViewCursor, encodeCursor, encodeViewCursor, keyAttributeNames, type CursorScope } from './cursor';

type Key = Record<string, unknown>;

const indexKeys = (name: string) => {
  const idx = tableSchema.indexes.find((i) => i.name === name)!;
  return { pk: idx.partitionKey, sk: idx.sortKey };
};

/** The item's key attributes only: the position a Query goes on from. */
const pick = (item: Record<string, unknown>, names: readonly string[]): Key => Object.fromEntries(names.map((n) => [n, item[n]]));

/** Filtered pages are filled by a few Queries at most, so one request's cost stays bounded. */
const MAX_ROUNDS = 8;

/** The reply kept under the client's key, written with the ticket change it belongs to. */
const replyGuardItem = (ticketId: string, r: AgentReply & { clientKey: string }) => ({
  ...keys.replyGuard(ticketId, r.clientKey),
  type: 'reply-guard',
  message: r.message,
  interaction: r.interaction,
});

const sameIdentity = (a: Identity, b: Identity) => keys.identity(a.channel, a.address).pk === keys.identity(b.channel, b.address).pk;

/** The agent API's DynamoDB adapter: list views on the GSIs, version-guarded ticket writes. */
export class DynamoAgentStore extends DynamoStore implements AgentStore {
  constructor(
    private readonly doc: DocumentClient,
    private readonly opts: DynamoStoreOptions,
  ) {
    super(doc, opts);
  }

  private get name() {
    return this.opts.tableName;
  }

  /** Pages a Query, filling up to `limit` items through the filter, resuming from the cursor. */
  private async page<T>(input: Omit<QueryCommandInput, 'TableName'>, limit: number, cursor: string | undefined, scope: CursorScope): Promise<Page<T>> {
    let items: Record<string, unknown>[] = [];
    let start: Key | undefined = decodeCursor(scope, cursor);
    // One item more than the page: a full page with nothing after it is the last (no cursor to an empty page).
    for (let round = 0; round < MAX_ROUNDS && items.length <= limit; round++) {
      const out = await this.doc.send(
        new QueryCommand({ ...input, TableName: this.name, Limit: limit + 1 - items.length, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
      if (!start) break;
    }
    if (items.length > limit) {
      items = items.slice(0, limit);
      start = pick(items.at(-1)!, keyAttributeNames(scope.index));
    }
    const rows = input.IndexName ? await fullItems(this.doc, this.name, items) : items;
    return { items: rows.map((i) => fromItem<T>(i)), next: encodeCursor(scope, start) };
  }

  /**
   * Each view reads the index that has its key: the work queue (priority then due time) or the status
   * (newest update first); these are sharded, so the view is a merge of every shard's Query. An agent's
   * own tickets (per status) are one partition. The channel, the intent and other filters narrow the
   * Query (a FilterExpression on what the index holds).
   */
  async queryTickets(q: TicketQuery): Promise<Page<Ticket>> {
    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    const filters: string[] = [];
    let index: IndexName;
    let view: string;
    if (q.team) [index, view] = ['byAssignee', teamQueueKey(q.team, q.status)];
    else if (q.sort === 'priority') [index, view] = ['byQueue', views.status(q.status)];
    else if (q.assignee) [index, view] = ['byAssignee', `ASSIGNEE#${q.assignee}#${q.status}`];
    else [index, view] = ['byStatus', views.status(q.status)];
    const filter = (cond: string, field: string, value: unknown) => {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      filters.push(cond);
    };
    if (q.assignee && index !== 'byAssignee') filter('#assignee = :assignee', 'assignee', q.assignee);
    if (q.channel) filter('#channel = :channel', 'channel', q.channel);
    if (q.intent) {
      // The same test as classification.intent; a ticket written before `intent` existed has it in gsi6pk.
      Object.assign(names, { '#intent': 'intent', '#gsi6pk': 'gsi6pk' });
      Object.assign(values, { ':intent': q.intent, ':gsi6pk': legacyIntentPrefix(q.intent) });
      filters.push('(#intent = :intent OR (attribute_not_exists(#intent) AND begins_with(#gsi6pk, :gsi6pk)))');
    }
    if (q.priority && index !== 'byQueue') filter('#priority = :priority', 'priority', q.priority);
    if (q.breached !== undefined) {
      names['#slaBreachedAt'] = 'slaBreachedAt';
      filters.push(q.breached ? 'attribute_exists(#slaBreachedAt)' : 'attribute_not_exists(#slaBreachedAt)');
    }
    const k = indexKeys(index);
    if (index === 'byAssignee') {
      return this.page<Ticket>(
        {
          IndexName: index,
          KeyConditionExpression: `${k.pk} = :pk`,
          ExpressionAttributeValues: { ...values, ':pk': view },
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ScanIndexForward: false,
        },
        q.limit,
        q.cursor,
        { list: `${index}:${view}`, index, partition: view },
      );
    }
    // The work queue of one priority is the range of its rank's prefix.
    const prefix = index === 'byQueue' && q.priority ? `${PRIORITY_RANK[q.priority]}#` : '';
    // The channel and intent views keep cursors of their own, as when they were indexes of their own.
    const cursorName = [`${index}:${view}:${prefix}`, ...(q.channel ? [`channel=${q.channel}`] : []), ...(q.intent ? [`intent=${q.intent}`] : [])].join(':');
    const page = await mergeShards(
      this.doc,
      this.name,
      {
        index,
        pkAttribute: k.pk,
        skAttribute: k.sk,
        partitionKeys: viewShardKeys(view),
        ascending: q.sort === 'priority',
        ...(prefix ? { range: { from: prefix, to: `${prefix}~` } } : {}),
        ...(filters.length
          ? {
              filter: { expression: filters.join(' AND '), ...(Object.keys(names).length ? { names } : {}), ...(Object.keys(values).length ? { values } : {}) },
            }
          : {}),
      },
      q.limit,
      decodeViewCursor(cursorName, q.cursor, prefix),
      MAX_ROUNDS,
    );
    const rows = await fullItems(this.doc, this.name, page.items);
    return { items: rows.map((i) => fromItem<Ticket>(i)), next: page.after === null ? null : encodeViewCursor(cursorName, page.after) };
  }

  async commitTicketChange(c: TicketChange): Promise<ChangeResult> {
    const items = [
      ...(c.reply ? [{ Put: { TableName: this.name, Item: replyGuardItem(c.ticket.id, c.reply), ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
      {
        Put: {
          TableName: this.name,
          Item: ticketItem(c.ticket),
          ConditionExpression: c.setsOnce ? 'version = :expected AND attribute_not_exists(#once)' : 'version = :expected',
          ExpressionAttributeValues: { ':expected': c.expectedVersion },
          ...(c.setsOnce ? { ExpressionAttributeNames: { '#once': c.setsOnce } } : {}),
        },
      },
      ...c.interactions.map((i) => ({ Put: { TableName: this.name, Item: interactionItem(i), ConditionExpression: 'attribute_not_exists(pk)' } })),
    ];
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return 'committed';
    } catch (e) {
      if (e instanceof TransactionCanceledException || (e as Error).name === 'TransactionCanceledException') {
        const reasons = (e as TransactionCanceledException).CancellationReasons ?? [];
        return c.reply && reasons[0]?.Code === 'ConditionalCheckFailed' ? 'duplicate' : 'conflict';
      }
      throw e;
    }
  }

  async latestInbound(ticketId: string): Promise<Interaction | undefined> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'direction = :in',
        ExpressionAttributeValues: { ':pk': keys.ticket(ticketId).pk, ':prefix': 'INTERACTION#', ':in': 'in' },
        ScanIndexForward: false,
        Limit: 50,
      }),
    );
    const item = out.Items?.[0];
    return item ? fromItem<Interaction>(item) : undefined;
  }

  async getReply(ticketId: string, clientKey: string): Promise<AgentReply | undefined> {
    const { pk, sk } = keys.replyGuard(ticketId, clientKey);
    const item = await this.getGuard(pk, sk);
    return item ? { message: item.message as AgentReply['message'], interaction: item.interaction as AgentReply['interaction'] } : undefined;
  }

  async getGuard(pk: string, sk: string) {
    const out = await this.doc.send(new GetCommand({ TableName: this.name, Key: { pk, sk }, ConsistentRead: true }));
    return out.Item;
  }

  /** Every customer, newest first: a merge of the byCustomer shards that list the profiles. */
  async listCustomers(limit: number, cursor?: string): Promise<Page<Customer>> {
    const k = indexKeys('byCustomer');
    const cursorName = `byCustomer:${views.customers}:`;
    const page = await mergeShards(
      this.doc,
      this.name,
      { index: 'byCustomer', pkAttribute: k.pk, skAttribute: k.sk, partitionKeys: viewShardKeys(views.customers), ascending: false },
      limit,
      decodeViewCursor(cursorName, cursor, ''),
      MAX_ROUNDS,
    );
    const rows = await fullItems(this.doc, this.name, page.items);
    return { items: rows.map((i) => fromItem<Customer>(i)), next: page.after === null ? null : encodeViewCursor(cursorName, page.after) };
  }

  /** Writes the profile as given, keeping its list of identities (which has its own writers). */
  async putCustomer(c: Customer): Promise<void> {
    const item = customerItem(c);
    const { pk, sk } = keys.customer(c.id);
    for (let attempt = 1; ; attempt++) {
      const kept = (await this.getGuard(pk, sk))?.[IDENTITY_LIST] as Set<string> | undefined;
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.name,
            Item: kept?.size ? { ...item, [IDENTITY_LIST]: kept } : item,
            // The list as read: one a message added meanwhile makes the write start over with it.
            ConditionExpression: kept?.size ? '#list = :list' : 'attribute_not_exists(#list)',
            ExpressionAttributeNames: { '#list': IDENTITY_LIST },
            ...(kept?.size ? { ExpressionAttributeValues: { ':list': kept } } : {}),
          }),
        );
        return;
      } catch (e) {
        if ((e as Error).name !== 'ConditionalCheckFailedException' || attempt >= 5) throw e;
      }
    }
  }

  override getIdentity(kind: IdentityKind, address: string): Promise<Identity | undefined> {
    return super.getIdentity(kind as Identity['channel'], address);
  }

  private async all<T>(input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
    const out: T[] = [];
    let start: Key | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({ ...input, TableName: this.name, ...(start ? { ExclusiveStartKey: start } : {}) }));
      const rows = input.IndexName ? await fullItems(this.doc, this.name, page.Items ?? []) : (page.Items ?? []);
      out.push(...rows.map((i) => fromItem<T>(i)));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  private customerPrefix(customerId: string, prefix: string): Omit<QueryCommandInput, 'TableName'> {
    return {
      IndexName: 'byCustomer',
      KeyConditionExpression: 'gsi2pk = :c AND begins_with(gsi2sk, :prefix)',
      ExpressionAttributeValues: { ':c': `CUSTOMER#${customerId}`, ':prefix': prefix },
      ScanIndexForward: false,
    };
  }

  /**
   * The customer's identities: those its profile lists (each checked: a run stopped between listing and
   * writing, or a merge half done, can list an address that is not, or no longer, this customer's), and
   * those written before profiles listed them (byCustomer entries).
   */
  async listIdentities(customerId: string): Promise<Identity[]> {
    const [profile, legacy] = await Promise.all([
      this.getGuard(keys.customer(customerId).pk, keys.customer(customerId).sk),
      this.all<Identity>(this.customerPrefix(customerId, LEGACY_IDENTITY_PREFIX)),
    ]);
    const listed = [...((profile?.[IDENTITY_LIST] as Set<string> | undefined) ?? [])].map((entry) => identityFromListEntry(entry, customerId));
    const found = await this.getIdentities(listed.filter((i) => !legacy.some((l) => sameIdentity(l, i))));
    return [...legacy, ...found.filter((i) => i.customerId === customerId)];
  }

  private async getIdentities(wanted: readonly Identity[]): Promise<Identity[]> {
    const items = await fullItems(
      this.doc,
      this.name,
      wanted.map((i) => keys.identity(i.channel, i.address)),
    );
    return items.map((i) => fromItem<Identity>(i));
  }

  customerTickets(customerId: string, limit: number, cursor?: string): Promise<Page<Ticket>> {
    return this.page<Ticket>(this.customerPrefix(customerId, 'TICKET#'), limit, cursor, {
      list: `tickets:${customerId}`,
      index: 'byCustomer',
      partition: `CUSTOMER#${customerId}`,
      sortPrefix: 'TICKET#',
    });
  }

  customerInteractions(customerId: string, limit: number, cursor?: string): Promise<Page<Interaction>> {
    return this.page<Interaction>(this.customerPrefix(customerId, 'INTERACTION#'), limit, cursor, {
      list: `interactions:${customerId}`,
      index: 'byCustomer',
      partition: `CUSTOMER#${customerId}`,
      sortPrefix: 'INTERACTION#',
    });
  }

  /** The target lists the identity first, then it moves, then the source's list lets it go: each step repeatable. */
  async moveIdentity(identity: Identity, to: string): Promise<boolean> {
    await this.changeIdentityList(to, 'ADD', [identity]);
    let moved = true;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.name,
          Key: keys.identity(identity.channel, identity.address),
          // An identity from before the lists leaves byCustomer: its new customer lists it.
          UpdateExpression: 'SET customerId = :to REMOVE gsi2pk, gsi2sk',
          ConditionExpression: 'customerId = :from',
          ExpressionAttributeValues: { ':to': to, ':from': identity.customerId },
        }),
      );
    } catch (e) {
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
      moved = false;
    }
    await this.changeIdentityList(identity.customerId, 'DELETE', [identity]);
    return moved;
  }

  async moveInteraction(i: Interaction, to: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.name,
          Key: keys.interaction(i.ticketId, i.key),
          // The customer is the index key (fromItem reads it there); an item of an earlier version also had it as an attribute.
          UpdateExpression: 'SET gsi2pk = :pk REMOVE customerId',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':pk': `CUSTOMER#${to}` },
        }),
      )
      .catch((e: Error) => {
        if (e.name !== 'ConditionalCheckFailedException') throw e;
      });
  }

  /** Erasure: the identity goes, and its address from the customer's list. */
  async deleteIdentity(identity: Identity): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.name, Key: keys.identity(identity.channel, identity.address) }));
    await this.changeIdentityList(identity.customerId, 'DELETE', [identity]);
  }

  async replaceInteraction(i: Interaction): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.name, Item: interactionItem(i) }));
  }

  async deleteThread(channel: Channel, conversationKey: string): Promise<void> {
    // An e-mail conversation's ticket, ids and subject are on its conversation item (an earlier version's in the thread item too).
    const gone =
      channel === 'email' ? [keys.thread(channel, conversationKey), keys.emailConversation(conversationKey)] : [keys.thread(channel, conversationKey)];
    await Promise.all(gone.map((Key) => this.doc.send(new DeleteCommand({ TableName: this.name, Key }))));
  }

  async forgetProcessedReplies(messageKey: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.name,
          Key: keys.message(messageKey),
          UpdateExpression: 'SET outbound = :none REMOVE suggestedAnswer',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':none': [] },
        }),
      )
      .catch((e: Error) => {
        if (e.name !== 'ConditionalCheckFailedException') throw e;
      });
  }

  async recordMerge(from: string, into: string): Promise<string> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.name,
          Item: { ...keys.merge(from), type: 'merge', from, into, startedAt: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR #into = :into',
          ExpressionAttributeNames: { '#into': 'into' },
          ExpressionAttributeValues: { ':into': into },
        }),
      );
      return into;
    } catch (e) {
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
      const existing = await this.getGuard(keys.merge(from).pk, keys.merge(from).sk);
      throw new ConflictError(`customer ${from} is being merged into ${String(existing?.into)} already`);
    }
  }

  listCanned(locale: string, limit: number, cursor?: string): Promise<Page<CannedResponse>> {
    return this.page<CannedResponse>({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.canned(locale, '').pk } }, limit, cursor, {
      list: `canned:${locale}`,
      partition: keys.canned(locale, '').pk,
    });
  }

  async getCanned(locale: string, id: string): Promise<CannedResponse | undefined> {
    const item = await this.getGuard(keys.canned(locale, id).pk, keys.canned(locale, id).sk);
    return item ? fromItem<CannedResponse>(item) : undefined;
  }

  async putCanned(c: CannedResponse): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.name, Item: { ...keys.canned(c.locale, c.id), type: 'canned', ...c } }));
  }

  async deleteCanned(locale: string, id: string): Promise<boolean> {
    const out = await this.doc.send(new DeleteCommand({ TableName: this.name, Key: keys.canned(locale, id), ReturnValues: 'ALL_OLD' }));
    return Boolean(out.Attributes);
  }

  listAnswers(intent: string): Promise<AnswerOverride[]> {
    return this.all<AnswerOverride>({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.answer(intent, '').pk } });
  }

  async putAnswer(a: AnswerOverride): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.name, Item: { ...keys.answer(a.intent, a.locale), type: 'answer', ...a } }));
  }

  async deleteAnswer(intent: string, locale: string): Promise<boolean> {
    const out = await this.doc.send(new DeleteCommand({ TableName: this.name, Key: keys.answer(intent, locale), ReturnValues: 'ALL_OLD' }));
    return Boolean(out.Attributes);
  }

  /** Every entry of a status's shards of an index, each shard paged in parallel (order does not matter to a count). */
  private async eachShard(
    index: IndexName,
    status: string,
    extra: Omit<QueryCommandInput, 'TableName' | 'IndexName' | 'KeyConditionExpression'>,
    cap?: number,
  ) {
    const k = indexKeys(index);
    const shardKeys = viewShardKeys(views.status(status));
    const perShard = cap === undefined ? undefined : Math.ceil(cap / shardKeys.length);
    return Promise.all(
      shardKeys.map(async (pk) => {
        const items: Record<string, unknown>[] = [];
        let count = 0;
        let start: Key | undefined;
        do {
          const out = await this.doc.send(
            new QueryCommand({
              ...extra,
              TableName: this.name,
              IndexName: index,
              KeyConditionExpression: '#kpk = :kpk',
              ExpressionAttributeNames: { ...extra.ExpressionAttributeNames, '#kpk': k.pk },
              ExpressionAttributeValues: { ...extra.ExpressionAttributeValues, ':kpk': pk },
              ...(perShard !== undefined ? { Limit: perShard - count } : {}),
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          items.push(...(out.Items ?? []));
          count += out.Count ?? 0;
          start = out.LastEvaluatedKey;
        } while (start && (perShard === undefined || count < perShard));
        return { items, count, more: start !== undefined };
      }),
    );
  }

  /** byQueue's open shards, only the attributes the counts read. */
  async openTicketEntries(): Promise<OpenTicketEntry[]> {
    const names = Object.fromEntries(QUEUE_ENTRY_ATTRIBUTES.map((a, i) => [`#a${i}`, a]));
    const shards = await this.eachShard('byQueue', 'open', { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names });
    return shards.flatMap((s) => s.items.map(openEntryFromQueueIndex));
  }

  /** The tickets among these that no longer wait for people's first answer (answered, resolved, or the bot's). */
  async firstResponded(ticketIds: readonly string[]): Promise<Set<string>> {
    const items = await fullItems(
      this.doc,
      this.name,
      ticketIds.map((id) => keys.ticket(id)),
      [...SLA_ATTRIBUTES],
    );
    return new Set(items.filter((i) => !awaitsFirstResponse(i as unknown as Ticket)).map((i) => String(i.pk).slice('TICKET#'.length)));
  }

  /** A status's byStatus entries counted (Select COUNT), each shard up to its share of the cap. */
  async countTickets(status: 'pending' | 'resolved', cap: number): Promise<CappedCount> {
    const shards = await this.eachShard('byStatus', status, { Select: 'COUNT' }, cap);
    const count = shards.reduce((n, s) => n + s.count, 0);
    return { count, capped: shards.some((s) => s.more) };
  }

  /** Per month of the range, every shard of the byCreated index merged in creation order; never a Scan. */
  async *ticketFactsCreatedBetween(from: string, to: string): AsyncIterable<TicketFacts> {
    const k = indexKeys('byCreated');
    for (const month of monthsBetween(from, to)) {
      const view = {
        index: 'byCreated',
        pkAttribute: k.pk,
        skAttribute: k.sk,
        partitionKeys: viewShardKeys(views.createdMonth(month)),
        ascending: true,
        range: { from, to: `${to}~` },
      };
      // byCreated holds the facts: only a ticket written before it did is read from the table.
      const batch: Record<string, unknown>[] = [];
      for await (const entry of allOfShards(this.doc, this.name, view)) {
        batch.push(entry);
        if (batch.length === 100) yield* await this.factsOf(batch.splice(0));
      }
      yield* await this.factsOf(batch);
    }
  }

  private async factsOf(entries: Record<string, unknown>[]): Promise<TicketFacts[]> {
    const facts = entries.map(factsFromIndexEntry);
    const missing = entries.filter((_, i) => !facts[i]);
    if (!missing.length) return facts as TicketFacts[];
    const whole = new Map((await fullItems(this.doc, this.name, missing)).map((i) => [String(i.pk), ticketFacts(fromItem<Ticket>(i))]));
    return entries.map((e, i) => facts[i] ?? whole.get(String(e.pk))).filter((f): f is TicketFacts => f !== undefined);
  }
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > end) return out;
    out.push(month);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}
