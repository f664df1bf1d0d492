import type { FunctionName } from './functions';

/**
 * Queues and their consumers. CDK creates each queue with a dead-letter queue, an alarm and an event
 * source mapping; the local stack creates them in the local SQS server and its runner polls them with
 * the same batch size, visibility timeout and redrive.
 */
export interface QueueDefinition {
  readonly fifo: boolean;
  /** At least six times the consumer's timeout, as AWS recommends for Lambda event sources. */
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
  readonly consumer: FunctionName;
  readonly batchSize: number;
  /**
   * The most concurrent consumer invocations the event source starts (Lambda allows 2..1000). Sized
   * by Little's law (peak messages/s × seconds per message) with headroom, and so that all event
   * sources together leave most of the account's default 1,000 concurrent executions to the APIs.
   */
  readonly maxConcurrency: number;
}

/**
 * FIFO queues run in high-throughput mode: the send limit applies per message group (a conversation)
 * instead of 300 sends/s (3,000 batched) per queue, and deduplication ids are unique per group. Every
 * producer keeps a message's group stable (its conversation), so per-group deduplication is exact.
 */
export const FIFO_HIGH_THROUGHPUT = {
  fifoThroughputLimit: 'perMessageGroupId',
  deduplicationScope: 'messageGroup',
} as const;

export const queueDefinitions = {
  /** Every channel's messages. Group = conversation; deduplication id = the channel's message id. */
  inbound: {
    fifo: true,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 4,
    consumer: 'pipeline',
    batchSize: 10,
    /** 500 msg/s × ~0.2 s a message = 100 busy consumers at the burst peak (24 at 120/s); twice that. */
    maxConcurrency: 200,
  },
  /** Replies to deliver. Group = conversation, so a customer's replies go out in order. */
  outbound: {
    fifo: true,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 4,
    consumer: 'sender',
    batchSize: 10,
    /** ~1 reply per inbound message; 0.05–0.3 s a send (@connections, SES, Graph): 100 covers 500/s. */
    maxConcurrency: 100,
  },
  /**
   * SES receipt notifications (raw mail stored in S3), through SNS. Standard: SES publishes to
   * standard topics only; the ingest is idempotent and the inbound queue deduplicates.
   */
  email: {
    fifo: false,
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 5,
    retentionDays: 14,
    consumer: 'emailIngest',
    batchSize: 10,
    /** E-mail is a minority of the volume; a parse is ~0.1–0.5 s: 20 take 40–200 mails/s. */
    maxConcurrency: 20,
  },
  /** SES bounce and complaint events of the configuration set, through SNS. */
  emailEvents: {
    fifo: false,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 14,
    consumer: 'emailEvents',
    batchSize: 10,
    /** Bounces and complaints: a few per hundred mails sent. */
    maxConcurrency: 5,
  },
  /**
   * Verified social webhook events (messages with their media references, delivery receipts). Group =
   * conversation; deduplication id = the provider's id. The worker fetches media before the pipeline.
   */
  social: {
    fifo: true,
    visibilityTimeoutSeconds: 720,
    maxReceiveCount: 5,
    retentionDays: 4,
    consumer: 'socialWorker',
    batchSize: 10,
    /** Media downloads take ~0.1–1 s; 50 take 50–500 messages/s. */
    maxConcurrency: 50,
  },
  /**
   * First-response timers firing (EventBridge Scheduler, one schedule per ticket). Standard: Scheduler
   * sends to standard queues without a group; the checker is idempotent.
   */
  sla: {
    fifo: false,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 14,
    consumer: 'slaCheck',
    batchSize: 10,
    /** Timers fire spread over the day, one per ticket answered late at most. */
    maxConcurrency: 10,
  },
} as const satisfies Record<string, QueueDefinition>;

export type QueueName = keyof typeof queueDefinitions;

export const DLQ_RETENTION_DAYS = 14;

export function physicalQueueName(prefix: string, queue: QueueName, deadLetter = false): string {
  const def: QueueDefinition = queueDefinitions[queue];
  return `${prefix}-${queue}${deadLetter ? '-dlq' : ''}${def.fifo ? '.fifo' : ''}`;
}
