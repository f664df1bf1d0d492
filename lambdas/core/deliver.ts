import { PermanentDeliveryError, PoisonMessageError } from './errors';
import type { Channel, OutboundMessage } from './messages';
import type { ChannelSender, DeliveryStore } from './ports';

export interface DeliverDeps {
  readonly store: DeliveryStore;
  readonly senders: Partial<Record<Channel, ChannelSender>>;
  /** How long one attempt may hold the message before another may try; above the sender's timeout. */
  readonly leaseMs: number;
  readonly now?: () => Date;
}

export type DeliverResult = 'sent' | 'already-sent' | 'failed';

/**
 * Another attempt holds the lease: let the queue redeliver later rather than send twice. It names when
 * the lease ends, so the message can come back then rather than after the whole visibility timeout
 * (an attempt that died, in a crash or a timeout, holds its lease to the end).
 */
export class DeliveryInFlightError extends Error {
  override name = 'DeliveryInFlightError';
  constructor(
    message: string,
    /** Seconds until the lease ends (at least 1). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Seconds from now until the lease ends, at least 1 (a lease read as ended was just taken again). */
function secondsUntil(leaseUntil: string | undefined, now: Date, leaseMs: number): number {
  const end = leaseUntil ? Date.parse(leaseUntil) : Number.NaN;
  const ms = Number.isNaN(end) ? leaseMs : end - now.getTime();
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * Sends one outbound message at most once per lease: claim the outbound interaction (pending →
 * sending), send, mark it sent. A replay of a sent message sends nothing; a failed send releases the
 * claim and throws so the queue retries (and, after maxReceiveCount, keeps it in the DLQ). A permanent
 * failure (PermanentDeliveryError) is recorded on the interaction and the ticket and not retried; a
 * replay of a failed message completes that record if an earlier call was interrupted.
 */
export async function deliverOutbound(deps: DeliverDeps, msg: OutboundMessage): Promise<DeliverResult> {
  const now = deps.now ?? (() => new Date());
  const sender = deps.senders[msg.channel];
  if (!sender) throw new PoisonMessageError(`no sender for channel ${msg.channel}`);
  const claim = await deps.store.claimDelivery(msg.ticketId, msg.interactionKey, now(), deps.leaseMs);
  if (claim === 'already-sent') return 'already-sent';
  if (claim === 'already-failed') {
    // A call that recorded the failure may have stopped before the ticket took it: finished here.
    await deps.store.failDelivery(msg.ticketId, msg.interactionKey, now(), 'a permanent failure recorded earlier');
    return 'failed';
  }
  if (typeof claim === 'object') {
    const wait = secondsUntil(claim.leaseUntil, now(), deps.leaseMs);
    throw new DeliveryInFlightError(`outbound ${msg.outboundId} is being sent; its lease ends in ${wait} s`, wait);
  }
  if (claim === 'missing') throw new PoisonMessageError(`outbound ${msg.outboundId} has no interaction`);
  let providerMessageId: string;
  try {
    ({ providerMessageId } = await sender.send(msg));
  } catch (e) {
    if (e instanceof PermanentDeliveryError) {
      await deps.store.failDelivery(msg.ticketId, msg.interactionKey, now(), e.reason);
      return 'failed';
    }
    await deps.store.releaseDelivery(msg.ticketId, msg.interactionKey, (e as Error).message ?? String(e));
    throw e;
  }
  await deps.store.completeDelivery(msg.ticketId, msg.interactionKey, now(), providerMessageId);
  return 'sent';
}
