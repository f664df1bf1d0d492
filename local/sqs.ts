import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createRequestHandler } from 'local-aws-sqs';
import { holdAnswerUntilDurable, journalHooks } from './sqs-durable';
import { QueueJournal } from './sqs-journal';
import { DLQ_RETENTION_DAYS, FIFO_HIGH_THROUGHPUT, physicalQueueName, queueDefinitions, type QueueName } from '#definitions/queues';
import { ASYNC_DLQ_RETENTION_DAYS, asyncDeadLetterQueueName, asyncFunctionNames, type AsyncFunctionName } from '#definitions/async-invocations';

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
  /**
   * Puts back what the journal kept (with --data): call once the queues exist, before anything polls.
   * Returns how many messages came back; each is visible at once, as after a consumer's crash.
   */
  restore(): number;
  /** Stops the server and closes the journal. */
  close(): Promise<void>;
}

export interface SqsServerOptions {
  /** Keep every queue's messages in this write-ahead journal, so a crash loses none; in memory when unset. */
  readonly journalFile?: string;
}

/**
 * local-aws-sqs behind our own HTTP server: the same request handler, plus (with a journal) hooks on
 * each queue's store that journal what goes in and out, and answers held back until the journal has
 * it on disk, so an acknowledged send survives a kill -9.
 */
export async function startSqsServer(port: number, opts: SqsServerOptions = {}): Promise<LocalSqsServer> {
  const { service, requestHandler } = createRequestHandler({ port, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  const journal = opts.journalFile ? await QueueJournal.open(opts.journalFile) : undefined;
  const hooks = journal ? journalHooks(service, journal) : undefined;
  const listeners = new Set<() => void>();
  const server = createServer((req, res) => {
    const target = req.headers['x-amz-target'];
    // Lambda's event source sees a message within milliseconds; polling alone would add tens of them a hop.
    if (typeof target === 'string' && target.startsWith('AmazonSQS.SendMessage')) res.once('finish', () => listeners.forEach((l) => l()));
    if (hooks) holdAnswerUntilDurable(res, hooks.sweep, journal!);
    void requestHandler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  }).catch(async (e: unknown) => {
    await journal?.close();
    throw e;
  });
  service.PORT = (server.address() as AddressInfo).port;
  return {
    server,
    endpoint: `http://127.0.0.1:${service.PORT}`,
    onSend: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restore: () => hooks?.restore() ?? 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await journal?.close();
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
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: physicalQueueName(prefix, name),
        Attributes: {
          ...fifo,
          ...(def.fifo
            ? {
                ContentBasedDeduplication: 'false',
                DeduplicationScope: FIFO_HIGH_THROUGHPUT.deduplicationScope,
                FifoThroughputLimit: FIFO_HIGH_THROUGHPUT.fifoThroughputLimit,
              }
            : {}),
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
