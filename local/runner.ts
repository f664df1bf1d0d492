import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { LocalFunction } from './functions';
import type { LocalQueue } from './sqs';

/** What an event source mapping takes from its queue definition. */
export interface PollSettings {
  readonly batchSize: number;
  readonly visibilityTimeoutSeconds: number;
}

export interface RunnerLog {
  (line: string): void;
}

/**
 * Lambda's SQS event source, locally: long-poll the queue, hand a batch to the consumer, delete what
 * succeeded, leave the reported failures (and the whole batch when the function throws) to reappear
 * after the visibility timeout; the queue's redrive moves them to the DLQ after maxReceiveCount.
 */
export class EventSourceRunner {
  private running = true;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly log: RunnerLog,
    private readonly region = 'us-east-1',
  ) {}

  /**
   * One poller per queue: the local server does not hold back a FIFO group while one of its messages
   * is in flight, as SQS does, so a single poller is what keeps each conversation in order.
   */
  start(queue: Pick<LocalQueue, 'url' | 'name'>, consumer: LocalFunction, settings: PollSettings, pollers = 1): void {
    for (let i = 0; i < pollers; i++) this.loops.push(this.poll(queue, consumer, settings));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.allSettled(this.loops);
  }

  private async poll(queue: Pick<LocalQueue, 'url' | 'name'>, consumer: LocalFunction, def: PollSettings): Promise<void> {
    while (this.running) {
      let messages: Message[] = [];
      try {
        const out = await this.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: def.batchSize,
            // The local server's long poll waits until a full batch or the wait time is reached, where
            // SQS returns as soon as anything is there; short polls (about 40 ms each) match SQS's latency.
            WaitTimeSeconds: 0,
            VisibilityTimeout: def.visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        messages = out.Messages ?? [];
      } catch (e) {
        if (!this.running) return;
        this.log(`runner: receive from ${queue.name} failed: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (!messages.length) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
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
      if (failed.size) this.log(`runner: ${failed.size} of ${messages.length} ${queue.name} messages failed; they return after the visibility timeout`);
      if (done.length) {
        await this.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queue.url,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
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
