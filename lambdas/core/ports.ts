import type { AttachmentRef, Channel, OutboundMessage } from './messages';
import type { Customer, Delivery, Identity, Interaction, Order, Ticket } from './model';
import type { InboundCommit } from './plan-inbound';

/** A reply a processed message asked for: its interaction (which holds the text and delivery state) and its queue id. */
export interface ReplyRef {
  readonly ticketId: string;
  readonly interactionKey: string;
  readonly outboundId: string;
}

/**
 * A message already processed (the replay guard): where it went, the replies it asked for and, when a
 * person has the ticket, what the bot would have answered (kept here, not on the interaction, so the
 * message's interaction stays one write unit).
 */
export interface ProcessedMessage {
  readonly messageKey: string;
  readonly ticketId: string;
  /** The message's interaction on the ticket (records written by earlier versions lack it). */
  readonly interactionKey?: string;
  readonly replies?: readonly ReplyRef[];
  /** Written by earlier versions: the whole replies. */
  readonly outbound?: readonly OutboundMessage[];
  readonly suggestedAnswer?: string;
}

/** 'conflict': someone changed the ticket, thread or an identity since it was read; plan again. */
export type ApplyResult = 'committed' | 'conflict';

/**
 * How fresh a read must be. 'latest' (the default) sees every write acknowledged before it; 'recent'
 * may miss the last second's writes for half the read cost. The pipeline reads 'recent' first and
 * relies on its commit's conditions to catch a stale read (it then re-reads 'latest').
 */
export type ReadFreshness = 'latest' | 'recent';

/** What the pipeline needs from storage. The DynamoDB adapter implements it (adapters/dynamo-store). */
export interface InboundStore {
  getProcessedMessage(messageKey: string, freshness?: ReadFreshness): Promise<ProcessedMessage | undefined>;
  getIdentity(channel: Identity['channel'], address: string, freshness?: ReadFreshness): Promise<Identity | undefined>;
  getThreadTicketId(channel: Channel, conversationKey: string, freshness?: ReadFreshness): Promise<string | undefined>;
  getTicket(ticketId: string, freshness?: ReadFreshness): Promise<Ticket | undefined>;
  getCustomer(customerId: string, freshness?: ReadFreshness): Promise<Customer | undefined>;
  /** Messages from the customer since the time, on every channel (repeat contacts raise priority). */
  countRecentContacts(customerId: string, since: Date): Promise<number>;
  allocateTicketNumber(): Promise<number>;
  /**
   * Writes the customer and the identities, beside them the thread, and last the ticket (the commit
   * point), each that decides something with a condition on what was read. Nothing for a commit whose
   * ticket holds the message already.
   */
  applyInbound(commit: InboundCommit): Promise<ApplyResult>;
  /**
   * After the ticket: writes the message's interaction and replies where they are missing, and the
   * message's record (which may land before them when this run committed the ticket: a replay checks
   * that what the record names is there). Returns the replies still to hand to the queue (those not yet sent).
   */
  recordInbound(commit: InboundCommit): Promise<readonly OutboundMessage[]>;
  getDelivery(ticketId: string, interactionKey: string): Promise<Delivery | undefined>;
  getInteraction(ticketId: string, interactionKey: string): Promise<Interaction | undefined>;
}

/** Another attempt holds the delivery's lease, until leaseUntil (an ISO time). */
export interface InFlightClaim {
  readonly status: 'in-flight';
  readonly leaseUntil?: string;
}
export type ClaimResult = 'claimed' | 'already-sent' | 'already-failed' | 'missing' | InFlightClaim;

/** An outbound message's interaction on its ticket. */
export interface OutboundRef {
  readonly ticketId: string;
  readonly interactionKey: string;
}

/**
 * A reply that did not reach the customer. 'sending': our attempt holds the claim and the provider
 * refused it for good; 'after-send': the provider took it and reported later that it did not arrive.
 */
export interface DeliveryFailure {
  readonly stage: 'sending' | 'after-send';
  readonly reason: string;
  readonly at: string;
}

/**
 * 'recorded': this call recorded it; 'already-recorded': an earlier call had (its failure is the one
 * kept); 'superseded': the reply was sent, read or is gone meanwhile, and nothing is recorded.
 */
export type DeliveryFailureOutcome = 'recorded' | 'already-recorded' | 'superseded';

/** Records a failure on the reply and on its ticket (lastDeliveryFailure); safe to call again. */
export interface DeliveryFailureRecorder {
  recordDeliveryFailure(ref: OutboundRef, failure: DeliveryFailure): Promise<DeliveryFailureOutcome>;
}

/** What the sender needs: a lease on an outbound interaction, so it goes out once. */
export interface DeliveryStore {
  /** Takes the lease; a delivery another attempt holds comes back with its lease, which says when to try again. */
  claimDelivery(ticketId: string, interactionKey: string, now: Date, leaseMs: number): Promise<ClaimResult>;
  completeDelivery(ticketId: string, interactionKey: string, now: Date, providerMessageId: string): Promise<void>;
  releaseDelivery(ticketId: string, interactionKey: string, error: string): Promise<void>;
  /**
   * Records a permanent failure on the interaction and the ticket; the message is not retried. Called
   * again for a message that failed already, it completes what an interrupted call left undone.
   */
  failDelivery(ticketId: string, interactionKey: string, now: Date, reason: string): Promise<void>;
}

export interface OutboundQueue {
  send(message: OutboundMessage): Promise<void>;
  /** Several messages at once, in order (one batched request per ten); all sent or it throws. */
  sendAll(messages: readonly OutboundMessage[]): Promise<void>;
}

export interface ChannelSender {
  /** Delivers a message on the channel; returns the channel's id for it. */
  send(message: OutboundMessage): Promise<{ providerMessageId: string }>;
}

/** The files an outbound message carries: a short-lived link for providers that fetch, or the bytes. */
export interface AttachmentSource {
  link(ref: AttachmentRef): Promise<string>;
  read(ref: AttachmentRef): Promise<Uint8Array>;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

/** What the agent API reads. */
export interface TicketReader {
  getTicket(ticketId: string): Promise<Ticket | undefined>;
  getTimeline(ticketId: string, limit: number, cursor?: string): Promise<Page<Interaction>>;
}

/** Where order status comes from: the orders table, or the shop's own system over HTTP. */
export interface OrderLookup {
  /** The order, or undefined when the shop has no such order. Throws when the source cannot answer. */
  findOrder(orderNumber: string): Promise<Order | undefined>;
}
