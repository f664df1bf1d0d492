import type { ConsumedCapacity } from '#adapters/aws/dynamodb';
import { UpdateCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import { unmarshall } from '#adapters/aws/dynamodb';
import type { Delivery } from '#core/model';
import type { DeliveryFailure, DeliveryFailureOutcome, DeliveryFailureRecorder, OutboundRef } from '#core/ports';
import { interactionIdOf, keys } from './table-keys';

const MAX_REASON = 1000;

/** Where the reply stands when it failed: what the interaction's write sets, and on which condition. */
const stages = {
  // Our own attempt holds the claim: the reply is failed for good and never claimed again.
  sending: {
    update: 'SET delivery.#status = :failed, delivery.lastError = :why, delivery.failedAt = :at REMOVE delivery.leaseUntil',
    condition: 'delivery.#status = :sending',
    names: { '#status': 'status' },
    values: { ':failed': 'failed', ':sending': 'sending' },
  },
  // The provider accepted it and reported later that it did not arrive (bounce, complaint, failed
  // receipt); only a status it has not passed yet ('delivered') is replaced.
  'after-send': {
    update: 'SET delivery.providerStatus = :failed, delivery.providerError = :why, delivery.failedAt = :at',
    condition: 'attribute_exists(delivery) AND (attribute_not_exists(delivery.providerStatus) OR delivery.providerStatus = :delivered)',
    names: undefined,
    values: { ':failed': 'failed', ':delivered': 'delivered' },
  },
} as const;

const isConditionFailure = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

/** The failure the reply's item holds already, when an earlier attempt recorded it first. */
function recordedFailure(stage: DeliveryFailure['stage'], old: Delivery | undefined): { reason: string; at: string } | undefined {
  if (!old?.failedAt) return undefined;
  if (stage === 'sending' && old.status === 'failed') return { reason: old.lastError ?? '', at: old.failedAt };
  if (stage === 'after-send' && old.providerStatus === 'failed') return { reason: old.providerError ?? '', at: old.failedAt };
  return undefined;
}

/**
 * The one way a delivery failure is recorded, for every channel's sender, social failure receipts and
 * SES bounces and complaints. Two single-item writes, no transaction (a transaction with the ticket
 * costs double and conflicts with the pipeline's): first the reply's own item, so it never stays in
 * 'sending' once the failure is known, then the ticket's lastDeliveryFailure, where agents see it.
 * Any error other than a failed condition is thrown, for the caller's retry; a retry finds the
 * failure on the reply's item and writes that same failure to the ticket, which a ticket that has it
 * (or a later one) ignores. So every path converges, and a replay costs no new ticket version.
 */
export class DynamoDeliveryFailures implements DeliveryFailureRecorder {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
    private readonly onCapacity?: (c: ConsumedCapacity[]) => void,
  ) {}

  private capacity(): { ReturnConsumedCapacity?: 'INDEXES' } {
    return this.onCapacity ? { ReturnConsumedCapacity: 'INDEXES' } : {};
  }

  private record(c: ConsumedCapacity | undefined): void {
    if (c && this.onCapacity) this.onCapacity([c]);
  }

  async recordDeliveryFailure(ref: OutboundRef, failure: DeliveryFailure): Promise<DeliveryFailureOutcome> {
    const stage = stages[failure.stage];
    let toTicket = { reason: failure.reason.slice(0, MAX_REASON), at: failure.at };
    let outcome: DeliveryFailureOutcome = 'recorded';
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.interaction(ref.ticketId, ref.interactionKey),
          UpdateExpression: stage.update,
          ConditionExpression: stage.condition,
          ...(stage.names ? { ExpressionAttributeNames: stage.names } : {}),
          ExpressionAttributeValues: { ...stage.values, ':why': toTicket.reason, ':at': toTicket.at },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ...this.capacity(),
        }),
      );
      this.record(out.ConsumedCapacity);
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      // The document client does not unmarshall the item that comes with a failed condition.
      const raw = (e as { Item?: Parameters<typeof unmarshall>[0] }).Item;
      const earlier = recordedFailure(failure.stage, raw ? (unmarshall(raw) as { delivery?: Delivery }).delivery : undefined);
      // Sent by another attempt, read already, or gone (erased): nothing failed that agents must see.
      if (!earlier) return 'superseded';
      toTicket = earlier;
      outcome = 'already-recorded';
    }
    await this.markTicket(ref, toTicket);
    return outcome;
  }

  /** A new version, so a pipeline write that read the ticket before this one retries with it. */
  private async markTicket(ref: OutboundRef, failure: { reason: string; at: string }): Promise<void> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.ticket(ref.ticketId),
          UpdateExpression: 'SET lastDeliveryFailure = :failure, version = version + :one',
          // Written once: the same failure again (a retry) or an older one changes nothing.
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastDeliveryFailure) OR lastDeliveryFailure.#at < :at)',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':failure': { interactionKey: interactionIdOf(ref.interactionKey), ...failure }, ':at': failure.at, ':one': 1 },
          ...this.capacity(),
        }),
      );
      this.record(out.ConsumedCapacity);
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }
}
