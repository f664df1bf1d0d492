import { Duration } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterAlarm } from './dead-letter-alarm';
import { DLQ_RETENTION_DAYS, FIFO_HIGH_THROUGHPUT, queueDefinitions, type QueueName } from '#definitions/queues';
import type { FunctionName } from '#definitions/functions';
// `destek dlq` finds these queues in a deployed stack by the same ids.
import { constructIds } from '#definitions/dead-letters';

const highThroughput = {
  fifoThroughputLimit: { perMessageGroupId: FifoThroughputLimit.PER_MESSAGE_GROUP_ID, perQueue: FifoThroughputLimit.PER_QUEUE }[
    FIFO_HIGH_THROUGHPUT.fifoThroughputLimit
  ],
  deduplicationScope: { messageGroup: DeduplicationScope.MESSAGE_GROUP, queue: DeduplicationScope.QUEUE }[FIFO_HIGH_THROUGHPUT.deduplicationScope],
};

/**
 * The queues from the shared definitions, each with an encrypted, TLS-only FIFO queue, a dead-letter
 * queue that keeps what keeps failing for 14 days, and an alarm as soon as anything lands there.
 */
export class MessageQueues extends Construct {
  readonly queues: Record<QueueName, Queue>;
  readonly deadLetterQueues: Record<QueueName, Queue>;
  readonly alarms: Record<QueueName, Alarm>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const queues = {} as Record<QueueName, Queue>;
    const dlqs = {} as Record<QueueName, Queue>;
    const alarms = {} as Record<QueueName, Alarm>;
    for (const [name, def] of Object.entries(queueDefinitions) as [QueueName, (typeof queueDefinitions)[QueueName]][]) {
      const common = { fifo: def.fifo, encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true };
      dlqs[name] = new Queue(this, constructIds.deadLetterQueue(name), { ...common, retentionPeriod: Duration.days(DLQ_RETENTION_DAYS) });
      queues[name] = new Queue(this, constructIds.queue(name), {
        ...common,
        // The sender's message id is the deduplication id, never the body's hash (FIFO queues only).
        ...(def.fifo ? { contentBasedDeduplication: false, ...highThroughput } : {}),
        visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(def.retentionDays),
        deadLetterQueue: { queue: dlqs[name], maxReceiveCount: def.maxReceiveCount },
      });
      alarms[name] = deadLetterAlarm(
        this,
        `${name}DlqAlarm`,
        dlqs[name],
        `Messages in the ${name} dead-letter queue: they failed ${def.maxReceiveCount} times. Inspect and redrive.`,
      );
    }
    this.queues = queues;
    this.deadLetterQueues = dlqs;
    this.alarms = alarms;
  }

  /** Connects each queue to its consumer with partial batch failure reporting and its concurrency cap. */
  connectConsumers(functions: Record<FunctionName, IFunction>): void {
    for (const [name, def] of Object.entries(queueDefinitions) as [QueueName, (typeof queueDefinitions)[QueueName]][]) {
      functions[def.consumer].addEventSource(
        new SqsEventSource(this.queues[name], { batchSize: def.batchSize, maxConcurrency: def.maxConcurrency, reportBatchItemFailures: true }),
      );
    }
  }
}
