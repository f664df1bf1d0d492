import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { DeadLetterTarget } from './dlq-cloudformation';

/** One message resting in a dead-letter queue, received (and so hidden) until released or deleted. */
export interface DeadLetter {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  /** When it arrived in the dead-letter queue (epoch ms). */
  readonly sentAt?: number;
  readonly attributes: Record<string, MessageAttributeValue>;
}

/** How long `show` and `redrive` hold the messages they look at before they reappear. */
const HOLD_SECONDS = 60;
/** More than this many messages are not read in one go (the queue's depth says how many there are). */
export const MAX_MESSAGES = 1000;

export async function depth(sqs: SQSClient, url: string): Promise<number> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
}

/** Receives what is visible, ten at a time, until nothing more comes (or `limit`). */
export async function receiveAll(sqs: SQSClient, url: string, limit = MAX_MESSAGES): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  while (out.length < limit) {
    const batch = await receiveBatch(sqs, url, Math.min(10, limit - out.length));
    if (!batch.length) break;
    out.push(...batch);
  }
  return out;
}

async function receiveBatch(sqs: SQSClient, url: string, max: number): Promise<DeadLetter[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: 0,
      VisibilityTimeout: HOLD_SECONDS,
      // Both forms: SQS reads the newer, the local server only the older.
      AttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return (out.Messages ?? []).map((m) => {
    const a = m.Attributes ?? {};
    return {
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      ...(a.MessageGroupId ? { groupId: a.MessageGroupId } : {}),
      ...(a.MessageDeduplicationId ? { deduplicationId: a.MessageDeduplicationId } : {}),
      ...(a.SentTimestamp ? { sentAt: Number(a.SentTimestamp) } : {}),
      attributes: m.MessageAttributes ?? {},
    };
  });
}

/** Makes held messages visible again at once. */
export async function release(sqs: SQSClient, url: string, letters: readonly DeadLetter[]): Promise<void> {
  for (let i = 0; i < letters.length; i += 10) {
    const chunk = letters.slice(i, i + 10);
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: chunk.map((l, j) => ({ Id: String(j), ReceiptHandle: l.receiptHandle, VisibilityTimeout: 0 })),
      }),
    );
  }
}

/**
 * A FIFO redrive's deduplication id: new, since the original's would be dropped inside SQS's
 * five-minute window, and derived from it and the dead letter's id, so a redrive repeated after a
 * crash between send and delete is dropped by that same window.
 */
export function redriveDeduplicationId(letter: Pick<DeadLetter, 'messageId' | 'deduplicationId'>): string {
  return `redrive-${createHash('sha256')
    .update(`${letter.deduplicationId ?? ''}\n${letter.messageId}`)
    .digest('hex')}`;
}

export interface RedriveClients {
  readonly sqs: SQSClient;
  readonly lambda?: () => LambdaClient;
}

/** Sends one dead letter back where it came from; the caller deletes it only after this succeeds. */
export async function sendBack(clients: RedriveClients, target: DeadLetterTarget, letter: DeadLetter): Promise<string> {
  if (target.source.kind === 'function') {
    if (!clients.lambda) throw new Error(`no Lambda endpoint to invoke ${target.redriveTo} with`);
    const { payload, from } = eventOf(letter.body);
    const out = await clients.lambda().send(new InvokeCommand({ FunctionName: target.redriveTo, InvocationType: 'Event', Payload: Buffer.from(payload) }));
    if (out.StatusCode !== 202) throw new Error(`invoking ${target.redriveTo} answered ${out.StatusCode}`);
    return `invoked ${target.redriveTo} asynchronously with ${from}`;
  }
  const fifo = target.source.fifo;
  await clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: target.redriveTo,
      MessageBody: letter.body,
      ...(Object.keys(letter.attributes).length ? { MessageAttributes: letter.attributes } : {}),
      ...(fifo ? { MessageGroupId: letter.groupId ?? letter.messageId, MessageDeduplicationId: redriveDeduplicationId(letter) } : {}),
    }),
  );
  return fifo ? `sent to ${queueName(target.redriveTo)} (group ${letter.groupId ?? letter.messageId})` : `sent to ${queueName(target.redriveTo)}`;
}

/** Lambda's record of an asynchronous invocation that failed (its on-failure destination's message). */
export interface InvocationRecord {
  readonly requestContext: { readonly condition?: string; readonly approximateInvokeCount?: number; readonly functionArn?: string };
  readonly requestPayload: unknown;
  readonly responsePayload?: { readonly errorType?: string; readonly errorMessage?: string } | null;
  readonly timestamp?: string;
}

/** The body as Lambda's invocation record, or undefined when it is a raw event (EventBridge, Scheduler). */
export function invocationRecord(body: string): InvocationRecord | undefined {
  try {
    const v = JSON.parse(body) as Record<string, unknown> | null;
    const ctx = v?.requestContext as Record<string, unknown> | undefined;
    return v && ctx && typeof ctx === 'object' && 'requestPayload' in v && 'condition' in ctx ? (v as unknown as InvocationRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** What to invoke a function with again: the record's request payload, or the raw event itself. */
export function eventOf(body: string): { payload: string; from: string } {
  const record = invocationRecord(body);
  return record ? { payload: JSON.stringify(record.requestPayload), from: "the record's request payload" } : { payload: body, from: 'the raw event' };
}

export async function remove(sqs: SQSClient, url: string, letter: DeadLetter): Promise<void> {
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: letter.receiptHandle }));
}

/** A queue URL's last segment: its name (and what the event source ARN ends with). */
export const queueName = (url: string) => url.slice(url.lastIndexOf('/') + 1);
