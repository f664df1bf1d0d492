import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { LocalFunction } from './functions';
import type { LocalQueue } from './sqs';

/** What an event source mapping takes from its queue definition. */
export interface PollSettings {
  readonly batchSize: number;
  readonly visibilityTimeoutSeconds: number;
}

export type RunnerLog = (line: string) => void;

export interface RunnerOptions {
  /** Subscribes to "a message was sent" (the local SQS server's onSend); without it the runner only polls. */
  readonly onSend?: (listener: () => void) => () => void;
  /** How long an idle poller waits before it looks again (messages back from a visibility timeout). */
  readonly idlePollMs?: number;
}

/**
 * Lambda's SQS event source, locally: poll the queue, hand a batch to the consumer, delete what
 * succeeded, leave the reported failures (and the whole batch when the function throws) to reappear
 * after the visibility timeout; the queue's redrive moves them to the DLQ after maxReceiveCount.
 *
 * The local server answers a receive only when it has the whole batch asked for or after 40 ms, where
 * SQS answers as soon as anything is there. So the runner asks how many messages are visible (an
 * instant answer), receives that many (up to the batch size), and, when there are none, waits for the
 * next send (or idlePollMs) rather than spinning.
 */
export class EventSourceRunner {
  private running = true;
  private readonly loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();
  private readonly unsubscribe: (() => void) | undefined;
  private readonly idlePollMs: number;

  constructor(
    private readonly sqs: SQSClient,
    private readonly log: RunnerLog,
    private readonly region = 'us-east-1',
    opts: RunnerOptions = {},
  ) {
    this.unsubscribe = opts.onSend?.(() => this.wakers.forEach((w) => w()));
    this.idlePollMs = opts.idlePollMs ?? (opts.onSend ? 250 : 25);
  }

  /**
   * One poller per queue: the local server does not hold back a FIFO group while one of its messages
   * is in flight, as SQS does, so a single poller is what keeps each conversation in order.
   */
  start(queue: Pick<LocalQueue, 'url' | 'name'>, consumer: LocalFunction, settings: PollSettings, pollers = 1): void {
    for (let i = 0; i < pollers; i++) this.loops.push(this.poll(queue, consumer, settings));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wakers.forEach((w) => w());
    await Promise.allSettled(this.loops);
  }

  /** A poller's doorbell: wait() returns at the next send, or at once if one came since clear(). */
  private doorbell() {
    let rang = false;
    let resolve: (() => void) | undefined;
    const ring = () => {
      rang = true;
      resolve?.();
    };
    this.wakers.add(ring);
    return {
      clear: () => void (rang = false),
      wait: (ms: number) =>
        rang || !this.running
          ? Promise.resolve()
          : new Promise<void>((r) => {
              const timer = setTimeout(done, ms);
              function done() {
                clearTimeout(timer);
                resolve = undefined;
                r();
              }
              resolve = done;
            }),
      close: () => this.wakers.delete(ring),
    };
  }

  private async visible(url: string): Promise<number> {
    const out = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    // This server counts in-flight messages in ApproximateNumberOfMessages too.
    return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) - Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  }

  private async poll(queue: Pick<LocalQueue, 'url' | 'name'>, consumer: LocalFunction, def: PollSettings): Promise<void> {
    const bell = this.doorbell();
    try {
      while (this.running) await this.pollOnce(queue, consumer, def, bell);
    } finally {
      bell.close();
    }
  }

  private async pollOnce(
    queue: Pick<LocalQueue, 'url' | 'name'>,
    consumer: LocalFunction,
    def: PollSettings,
    bell: ReturnType<EventSourceRunner['doorbell']>,
  ): Promise<void> {
    let messages: Message[] = [];
    bell.clear();
    try {
      const visible = await this.visible(queue.url);
      if (visible > 0) {
        const out = await this.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: Math.min(def.batchSize, visible),
            WaitTimeSeconds: 0,
            VisibilityTimeout: def.visibilityTimeoutSeconds,
            // The local server reads only the older AttributeNames form (SQS takes both): without it
            // every record would claim ApproximateReceiveCount 1 and failure logs would say so.
            AttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        messages = out.Messages ?? [];
      }
    } catch (e) {
      if (!this.running) return;
      this.log(`runner: receive from ${queue.name} failed: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 500));
      return;
    }
    if (!messages.length) return bell.wait(this.idlePollMs);
    const event: SQSEvent = { Records: messages.map((m) => this.toRecord(m, queue)) };
    let failed: Set<string>;
    try {
      const response = await consumer.invoke<SQSBatchResponse | undefined>(event);
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (e) {
      this.log(`runner: ${consumer.name} failed the whole batch: ${(e as Error).message}`);
      failed = new Set(messages.map((m) => m.MessageId!));
    }
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    if (failed.size) {
      const counts = messages.filter((m) => failed.has(m.MessageId!)).map((m) => `${m.MessageId} (receive ${m.Attributes?.ApproximateReceiveCount ?? '?'})`);
      this.log(`runner: ${failed.size} of ${messages.length} ${queue.name} messages failed: ${counts.join(', ')}; they return after the visibility timeout`);
    }
    if (done.length) {
      await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
  }

  private toRecord(m: Message, queue: Pick<LocalQueue, 'url'>): SQSRecord {
    const a = m.Attributes ?? {};
    return {
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
        SentTimestamp: a.SentTimestamp ?? String(Date.now()),
        SenderId: a.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
        ...(a.SequenceNumber ? { SequenceNumber: a.SequenceNumber } : {}),
        ...(a.MessageGroupId ? { MessageGroupId: a.MessageGroupId } : {}),
        ...(a.MessageDeduplicationId ? { MessageDeduplicationId: a.MessageDeduplicationId } : {}),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${this.region}:123456789012:${queue.url.split('/').pop()}`,
      awsRegion: this.region,
    };
  }
}
