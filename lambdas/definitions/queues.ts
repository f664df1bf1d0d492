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
}

export const queueDefinitions = {
  /** Every channel's messages. Group = conversation; deduplication id = the channel's message id. */
  inbound: {
    fifo: true,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 4,
    consumer: 'pipeline',
    batchSize: 10,
  },
  /** Replies to deliver. Group = conversation, so a customer's replies go out in order. */
  outbound: {
    fifo: true,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 4,
    consumer: 'sender',
    batchSize: 10,
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
  },
} as const satisfies Record<string, QueueDefinition>;

export type QueueName = keyof typeof queueDefinitions;

export const DLQ_RETENTION_DAYS = 14;

export function physicalQueueName(prefix: string, queue: QueueName, deadLetter = false): string {
  const def: QueueDefinition = queueDefinitions[queue];
  return `${prefix}-${queue}${deadLetter ? '-dlq' : ''}${def.fifo ? '.fifo' : ''}`;
}
