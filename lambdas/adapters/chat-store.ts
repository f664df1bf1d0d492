import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import { ConditionalCheckFailedException } from '#adapters/aws/dynamodb';
import type { OutboundMessage } from '#core/messages';
import { interactionId, outboundInteraction, type Customer, type Identity, type Interaction, type Ticket } from '#core/model';
import type { ChatConnection, ChatHistoryItem, ChatStore, EmailFallback, HistoryReader, RateCounter } from '#channels/chat/ports';
import { decodeHistoryCursor } from './cursor';
import { fullItems } from './full-items';
import { fromItem, interactionIdOf, interactionItem, keys } from './table-keys';

/**
 * Live-chat items in the one table (contracts §8 prefixes), all with TTL (`expiresAt`, seconds):
 *   CONN#<connectionId>        / CONN               the connection → visitor
 *   CHATCONNS#<visitorId>      / CONN#<connectionId> the visitor's live connections (one Query)
 *   RATE#chat#<visitorId>      / MINUTE#<yyyy-mm-ddThh:mm> messages counted this minute
 *   RATE#chat-<kind>#<id>      / MINUTE#<yyyy-mm-ddThh:mm> an address's messages or tokens, the shop's new visitors
 * History reads the byCustomer index the pipeline already writes; no new index.
 */
const connKey = (id: string) => ({ pk: `CONN#${id}`, sk: 'CONN' });
const visitorConnKey = (visitorId: string, id: string) => ({ pk: `CHATCONNS#${visitorId}`, sk: `CONN#${id}` });
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

/** A visitor's messages keep their first key; the other counters are named by kind. */
const rateKey = (c: RateCounter) => (c.kind === 'visitor-messages' ? `RATE#chat#${c.id}` : `RATE#chat-${c.kind}#${c.id}`);

/** Kinds a visitor may see: their messages and what was sent to them (never agents' notes or events). */
const VISIBLE_KINDS = new Set(['message', 'acknowledgement', 'bot_answer', 'agent_reply', 'csat_request', 'nps_request']);

export class DynamoChatStore implements ChatStore {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  async putConnection(c: ChatConnection, expiresAt: Date): Promise<void> {
    const ttl = epoch(expiresAt);
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: { ...connKey(c.connectionId), type: 'chatConnection', ...c, expiresAt: ttl } } },
          {
            Put: {
              TableName: this.table,
              Item: { ...visitorConnKey(c.visitorId, c.connectionId), type: 'chatConnectionRef', connectionId: c.connectionId, expiresAt: ttl },
            },
          },
        ],
      }),
    );
  }

  async getConnection(connectionId: string): Promise<ChatConnection | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: connKey(connectionId) }));
    if (!out.Item || (out.Item.expiresAt as number) < epoch(new Date())) return undefined;
    const { connectionId: id, visitorId, email, locale, connectedAt } = out.Item as ChatConnection;
    return { connectionId: id, visitorId, connectedAt, ...(email ? { email } : {}), ...(locale ? { locale } : {}) };
  }

  async deleteConnection(connectionId: string): Promise<void> {
    const out = await this.db.send(new DeleteCommand({ TableName: this.table, Key: connKey(connectionId), ReturnValues: 'ALL_OLD' }));
    const visitorId = out.Attributes?.visitorId as string | undefined;
    if (visitorId) await this.db.send(new DeleteCommand({ TableName: this.table, Key: visitorConnKey(visitorId, connectionId) }));
  }

  async listConnections(visitorId: string): Promise<readonly string[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :conn)',
        // TTL deletion lags by up to days: expired items are skipped here.
        FilterExpression: 'expiresAt > :now',
        ExpressionAttributeValues: { ':pk': `CHATCONNS#${visitorId}`, ':conn': 'CONN#', ':now': epoch(new Date()) },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => i.connectionId as string);
  }

  async takeAllowance(counter: RateCounter, now: Date, perMinute: number): Promise<boolean> {
    const minute = now.toISOString().slice(0, 16);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: rateKey(counter), sk: `MINUTE#${minute}` },
          UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :ttl)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': perMinute, ':ttl': epoch(now) + 120 },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  private async customerOf(channel: 'chat' | 'email', address: string): Promise<string | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.identity(channel, address) }));
    return (out.Item as Identity | undefined)?.customerId;
  }

  /**
   * What a visitor may read: with the shop's signed customer reference in the token, every chat
   * conversation of that customer; otherwise only this visitor id's own (an address typed into the
   * pre-chat form links nothing, so it can widen nothing either).
   */
  async history(visitor: HistoryReader, opts: { after?: string; limit: number }): Promise<{ items: ChatHistoryItem[]; next: string | null }> {
    const after = opts.after === undefined ? undefined : decodeHistoryCursor(opts.after);
    const customerId = (visitor.email ? await this.customerOf('email', visitor.email) : undefined) ?? (await this.customerOf('chat', visitor.visitorId));
    if (!customerId) return { items: [], next: null };
    const ownOnly = !visitor.email;
    const items: ChatHistoryItem[] = [];
    let start: Record<string, unknown> | undefined;
    // The customer's index partition holds every channel's interactions; chat ones are kept.
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'byCustomer',
          // The partition also holds the customer's tickets (TICKET#…), which sort after interactions:
          // a cursor query ends at the last interaction (BETWEEN is inclusive; the cursor item is skipped).
          KeyConditionExpression: after ? 'gsi2pk = :c AND gsi2sk BETWEEN :after AND :end' : 'gsi2pk = :c AND begins_with(gsi2sk, :i)',
          // Inbound ones are from the visitor, outbound ones to them.
          FilterExpression: ownOnly ? 'channel = :chat AND (#from = :v OR #to = :v)' : 'channel = :chat',
          ...(ownOnly ? { ExpressionAttributeNames: { '#from': 'from', '#to': 'to' } } : {}),
          ExpressionAttributeValues: {
            ':c': `CUSTOMER#${customerId}`,
            ':chat': 'chat',
            ...(ownOnly ? { ':v': visitor.visitorId } : {}),
            ...(after ? { ':after': after, ':end': 'INTERACTION#\uffff' } : { ':i': 'INTERACTION#' }),
          },
          // Without a cursor: the newest first, then shown oldest first.
          ScanIndexForward: Boolean(after),
          Limit: 100,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      // The index holds what these tests read (sk is the interaction's key); the rows come from the table.
      const shown: Record<string, unknown>[] = [];
      for (const raw of out.Items ?? []) {
        const entry = raw as { sk: string; kind: Interaction['kind']; direction: string };
        // Agents' internal notes never reach the visitor.
        if (entry.sk === after || !entry.sk.startsWith('INTERACTION#') || !VISIBLE_KINDS.has(entry.kind) || entry.direction === 'internal') continue;
        shown.push(raw);
        if (items.length + shown.length === opts.limit) break;
      }
      for (const row of await fullItems(this.db, this.table, shown)) {
        const i = fromItem<Interaction & { direction: 'in' | 'out' }>(row);
        const clientMessageId = i.direction === 'in' ? i.messageKey?.split('/').pop() : undefined;
        items.push({
          id: interactionIdOf(i.key),
          direction: i.direction,
          kind: i.kind,
          text: i.text,
          at: i.at,
          ...(clientMessageId ? { clientMessageId } : {}),
          ...(i.actions?.length ? { actions: i.actions } : {}),
          ...(i.attachments?.length ? { files: i.attachments.map(({ filename, contentType, size }) => ({ filename, contentType, size })) } : {}),
        });
      }
      start = out.LastEvaluatedKey;
    } while (start && items.length < opts.limit);
    if (!after) items.reverse();
    const last = items.at(-1);
    return { items, next: last ? last.id : after === undefined ? null : interactionIdOf(after) };
  }

  /** Where a reply goes on by e-mail: the customer's proven address, else the one they typed last. */
  async visitorEmail(visitorId: string): Promise<string | undefined> {
    const customerId = await this.customerOf('chat', visitorId);
    if (!customerId) return undefined;
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.customer(customerId) }));
    const customer = out.Item as Customer | undefined;
    return customer?.email ?? customer?.contactHints?.at(-1)?.value;
  }

  async recordEmailFallback(fallback: EmailFallback, customerId: string | undefined): Promise<OutboundMessage> {
    const m: OutboundMessage = { ...fallback, interactionKey: interactionId(fallback.createdAt, fallback.outboundId) };
    const owner =
      customerId ?? ((await this.db.send(new GetCommand({ TableName: this.table, Key: keys.ticket(m.ticketId) }))).Item as Ticket | undefined)?.customerId;
    const interaction = outboundInteraction(m, owner ?? 'unknown');
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: interactionItem(interaction), ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (e) {
      // Recorded by an earlier call: the same message.
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
    return m;
  }
}
