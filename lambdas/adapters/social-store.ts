import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import type { Channel } from '#core/messages';
import type { ProviderMessageLog } from '#channels/social/senders';
import type { OutboundRef, ReceiptStore } from '#channels/social/worker';
import type { ReceiptStatus } from '#channels/social/events';
import type { DeliveryFailureRecorder } from '#core/ports';
import { DynamoDeliveryFailures } from './delivery-failure';
import { interactionIdOf, keys } from './table-keys';
import { keyPart } from '#core/bounds';

/** PROVIDERMSG#<channel>#<provider message id> / PROVIDERMSG → the outbound interaction it delivered. */
export const providerMessageKey = (channel: Channel, id: string) => ({ pk: `PROVIDERMSG#${channel}#${keyPart(id)}`, sk: 'PROVIDERMSG' });

/** Receipts rarely come later than a few days; the note goes with the table's TTL after 30. */
const KEEP_SECONDS = 30 * 24 * 3600;

/** Which statuses a receipt may replace: receipts move forward only (delivered → read; → failed, as the failure recorder does). */
const replaces: Record<ReceiptStatus, string[]> = { delivered: [], read: ['delivered'], failed: ['delivered'] };

/** The condition "this receipt moves the delivery forward", with its values. */
function movesForward(status: ReceiptStatus): { expression: string; values: Record<string, string> } {
  const earlier = replaces[status];
  return {
    expression: `(attribute_not_exists(delivery.providerStatus)${earlier.map((_, i) => ` OR delivery.providerStatus = :e${i}`).join('')})`,
    values: Object.fromEntries(earlier.map((s, i) => [`:e${i}`, s])),
  };
}

/** The social channels' items in the one table: provider message ids and delivery receipts. */
export class SocialStore implements ProviderMessageLog, ReceiptStore {
  private readonly failures: DeliveryFailureRecorder;

  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.failures = new DynamoDeliveryFailures(db, tableName);
  }

  async remember(channel: Channel, providerMessageId: string, ref: OutboundRef): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...providerMessageKey(channel, providerMessageId),
          type: 'providerMessage',
          ticketId: ref.ticketId,
          interactionKey: interactionIdOf(ref.interactionKey),
          expiresAt: Math.floor(this.now().getTime() / 1000) + KEEP_SECONDS,
        },
      }),
    );
  }

  async findOutbound(channel: Channel, providerMessageId: string): Promise<OutboundRef | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: providerMessageKey(channel, providerMessageId), ConsistentRead: true }));
    return out.Item ? { ticketId: String(out.Item.ticketId), interactionKey: interactionIdOf(String(out.Item.interactionKey)) } : undefined;
  }

  async outboundSentBy(channel: Channel, conversationKey: string, sentBy: string, status: 'delivered' | 'read'): Promise<OutboundRef[] | undefined> {
    const thread = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.thread(channel, conversationKey), ConsistentRead: true }));
    const ticketId = thread.Item?.ticketId as string | undefined;
    if (!ticketId) return undefined;
    const forward = movesForward(status);
    const refs: OutboundRef[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      // Keys start with the creation time, which comes before sentAt: the key bound is safe.
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          FilterExpression: `direction = :out AND delivery.sentAt <= :by AND ${forward.expression}`,
          ExpressionAttributeValues: {
            ':pk': keys.ticket(ticketId).pk,
            ':first': 'INTERACTION#',
            ':last': `INTERACTION#${sentBy}~`,
            ':out': 'out',
            ':by': sentBy,
            ...forward.values,
          },
          ProjectionExpression: 'sk',
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) refs.push({ ticketId, interactionKey: interactionIdOf(String(item.sk)) });
      start = out.LastEvaluatedKey;
    } while (start);
    return refs;
  }

  async recordReceipt(ref: OutboundRef, status: ReceiptStatus, at: string, error?: string): Promise<void> {
    // A message the provider could not deliver is a delivery failure agents must see on the ticket.
    if (status === 'failed') {
      await this.failures.recordDeliveryFailure(ref, { stage: 'after-send', reason: error ?? 'the provider reported a failure', at });
      return;
    }
    const forward = movesForward(status);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.interaction(ref.ticketId, ref.interactionKey),
          UpdateExpression: [
            'SET delivery.providerStatus = :status, delivery.deliveredAt = if_not_exists(delivery.deliveredAt, :at)',
            ...(status === 'read' ? ['delivery.readAt = :at'] : []),
          ].join(', '),
          ConditionExpression: `attribute_exists(delivery) AND ${forward.expression}`,
          ExpressionAttributeValues: { ':status': status, ':at': at, ...forward.values },
        }),
      );
    } catch (e) {
      // Already at this status or past it: a replayed or late receipt changes nothing.
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    }
  }
}
