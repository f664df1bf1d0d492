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
} as const satisfies Record<string, QueueDefinition>;

export type QueueName = keyof typeof queueDefinitions;

export const DLQ_RETENTION_DAYS = 14;

export function physicalQueueName(prefix: string, queue: QueueName, deadLetter = false): string {
  const def: QueueDefinition = queueDefinitions[queue];
  return `${prefix}-${queue}${deadLetter ? '-dlq' : ''}${def.fifo ? '.fifo' : ''}`;
}
