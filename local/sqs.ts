import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createRequestHandler } from 'local-aws-sqs';
import { QueueJournal, type JournaledMessage } from './sqs-journal';
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

type Service = ReturnType<typeof createRequestHandler>['service'];
type Queue = Service['Queues'][number];

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

/** The server answers with res.end(); with a journal, the answer waits until what the request changed is on disk. */
function holdAnswerUntilDurable(res: ServerResponse, sweep: () => void, journal: QueueJournal) {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    sweep();
    journal.durable().then(
      () => end(...args),
      (e: Error) => {
        // Not on disk, so not accepted: a 500 makes the SDK retry (a FIFO send's deduplication id absorbs it).
        res.statusCode = 500;
        end(JSON.stringify({ __type: 'InternalFailure', message: e.message }));
      },
    );
    return res;
  }) as ServerResponse['end'];
}

function journalHooks(service: Service, journal: QueueJournal) {
  const hooked = new WeakSet<Queue>();
  let restoring = false;
  const hook = (q: Queue) => {
    const setRecord = q.setRecord;
    // Every way into a queue goes through setRecord: SendMessage(Batch), a redrive to the DLQ (same id), a move back.
    q.setRecord = (input: SendInput, messageId?: string) => {
      const out = setRecord(input, messageId) as { record: { MessageId: string } };
      if (!restoring) journal.put(journaled(q, input, out.record.MessageId));
      return out;
    };
    q.delete = (receiptHandle: string) => {
      const done = Object.getPrototypeOf(q).delete.call(q, receiptHandle) as boolean;
      const id = messageIdOf(receiptHandle);
      if (done && id) journal.remove(id);
      return done;
    };
    q.clearRecords = () => {
      Object.getPrototypeOf(q).clearRecords.call(q);
      journal.purge(q.QueueName);
    };
    hooked.add(q);
  };
  /** Hooks queues created since the last request (queues are created only by requests). */
  const sweep = () => service.Queues.forEach((q) => hooked.has(q) || hook(q));
  const restore = () => {
    sweep();
    restoring = true;
    let restored = 0;
    try {
      for (const m of journal.messages()) {
        const q = service.Queues.find((x) => x.QueueName === m.queue);
        // A queue this configuration no longer has keeps its messages in the journal, untouched.
        if (!q || Date.now() - m.sentAt > q.MessageRetentionPeriod * 1000) continue;
        const delay = Math.max(0, Math.ceil(m.delaySeconds - (Date.now() - m.sentAt) / 1000));
        const out = q.setRecord(
          {
            MessageBody: m.body,
            DelaySeconds: delay,
            ...(m.groupId ? { MessageGroupId: m.groupId } : {}),
            ...(m.dedupId ? { MessageDeduplicationId: m.dedupId } : {}),
            ...(m.attributes ? { MessageAttributes: m.attributes } : {}),
            ...(m.systemAttributes ? { MessageSystemAttributes: m.systemAttributes } : {}),
          },
          m.id,
        ) as { record: { attributes: Record<string, string> } };
        out.record.attributes.SentTimestamp = String(m.sentAt);
        restored++;
      }
    } finally {
      restoring = false;
    }
    return restored;
  };
  return { sweep, restore };
}

interface SendInput {
  MessageBody: string;
  DelaySeconds?: number | string;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  MessageAttributes?: Record<string, unknown>;
  MessageSystemAttributes?: Record<string, unknown>;
}

function journaled(q: Queue, input: SendInput, id: string): JournaledMessage {
  const delay = Number(input.DelaySeconds);
  return {
    queue: q.QueueName,
    id,
    body: input.MessageBody,
    sentAt: Date.now(),
    delaySeconds: Number.isFinite(delay) ? delay : q.DelaySeconds,
    ...(input.MessageGroupId ? { groupId: input.MessageGroupId } : {}),
    ...(input.MessageDeduplicationId ? { dedupId: input.MessageDeduplicationId } : {}),
    ...(input.MessageAttributes && Object.keys(input.MessageAttributes).length ? { attributes: input.MessageAttributes } : {}),
    ...(input.MessageSystemAttributes && Object.keys(input.MessageSystemAttributes).length ? { systemAttributes: input.MessageSystemAttributes } : {}),
  };
}

/** The server's receipt handles carry the message id (base64 of a nonce and JSON); the journal deletes by id. */
function messageIdOf(receiptHandle: string): string | undefined {
  try {
    const text = Buffer.from(receiptHandle, 'base64').toString('utf8');
    const id = (JSON.parse(text.slice(text.indexOf('{'))) as { MessageId?: unknown }).MessageId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
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
