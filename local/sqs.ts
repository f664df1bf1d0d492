import type { Server } from 'node:http';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import { ASYNC_DLQ_RETENTION_DAYS, asyncDeadLetterQueueName, asyncFunctionNames, type AsyncFunctionName } from '../lambdas/definitions/async-invocations';
import { DLQ_RETENTION_DAYS, physicalQueueName, queueDefinitions, type QueueName } from '../lambdas/definitions/queues';

export interface LocalQueue {
  readonly name: string;
  readonly url: string;
  readonly dlqUrl: string;
  /** ARNs, for what addresses a queue by ARN (the Scheduler stand-in's targets). */
  readonly arn: string;
  readonly dlqArn: string;
}

export interface LocalSqsServer {
  readonly server: Server;
  readonly endpoint: string;
  /** Calls the listener after every SendMessage(Batch) the server has answered; returns an unsubscribe. */
  onSend(listener: () => void): () => void;
}

export async function startSqsServer(port: number): Promise<LocalSqsServer> {
  const server = await createSqsServer({ port, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  const listeners = new Set<() => void>();
  // Lambda's event source sees a message within milliseconds; polling alone would add tens of them a hop.
  server.on('request', (req, res) => {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith('AmazonSQS.SendMessage')) res.once('finish', () => listeners.forEach((l) => l()));
  });
  return {
    server,
    endpoint: `http://127.0.0.1:${port}`,
    onSend: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const days = (n: number) => String(n * 86_400);

/** Creates every queue and its DLQ from the shared definitions, with the same redrive policy. */
export async function createQueues(sqs: SQSClient, prefix: string): Promise<Record<QueueName, LocalQueue>> {
  const out = {} as Record<QueueName, LocalQueue>;
  for (const [name, def] of Object.entries(queueDefinitions) as [QueueName, (typeof queueDefinitions)[QueueName]][]) {
    const fifo = def.fifo ? { FifoQueue: 'true' } : {};
    const dlq = await sqs.send(
      new CreateQueueCommand({
        QueueName: physicalQueueName(prefix, name, true),
        Attributes: { ...fifo, MessageRetentionPeriod: days(DLQ_RETENTION_DAYS) },
      }),
    );
    const dlqArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes?.QueueArn;
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: physicalQueueName(prefix, name),
        Attributes: {
          ...fifo,
          ...(def.fifo ? { ContentBasedDeduplication: 'false' } : {}),
          VisibilityTimeout: String(def.visibilityTimeoutSeconds),
          MessageRetentionPeriod: days(def.retentionDays),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: def.maxReceiveCount }),
        },
      }),
    );
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
    out[name] = { name, url: queue.QueueUrl!, dlqUrl: dlq.QueueUrl!, arn: arn!, dlqArn: dlqArn! };
  }
  return out;
}

/** A standard queue the local server holds, by name and ARN. */
export interface LocalDeadLetterQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

/** The dead-letter queues of the asynchronously invoked functions (their on-failure destinations). */
export async function createAsyncDeadLetterQueues(sqs: SQSClient, prefix: string): Promise<Record<AsyncFunctionName, LocalDeadLetterQueue>> {
  const out = {} as Record<AsyncFunctionName, LocalDeadLetterQueue>;
  for (const fn of asyncFunctionNames) {
    const name = asyncDeadLetterQueueName(prefix, fn);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { MessageRetentionPeriod: days(ASYNC_DLQ_RETENTION_DAYS) } }));
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
    out[fn] = { name, url: QueueUrl!, arn: arn! };
  }
  return out;
}
