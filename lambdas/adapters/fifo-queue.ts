import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type BatchResultErrorEntry,
  type SqsClient,
} from '#adapters/aws/sqs';
import { messageKey } from '#core/message-basics';
import type { InboundMessage, OutboundMessage } from '#core/messages';
import type { OutboundQueue } from '#core/ports';

/**
 * FIFO group and deduplication ids allow 128 characters of a restricted set; longer or stranger
 * values (e-mail Message-IDs, some social ids) become their SHA-256, which is just as unique.
 */
export function fifoToken(value: string): string {
  return /^[\x21-\x7e]{1,128}$/.test(value) ? value : createHash('sha256').update(value).digest('hex');
}

export interface FifoEntry {
  readonly body: unknown;
  readonly groupId: string;
  readonly deduplicationId: string;
}

export async function sendFifo(sqs: SqsClient, queueUrl: string, body: unknown, groupId: string, deduplicationId: string): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(body),
      MessageGroupId: fifoToken(groupId),
      MessageDeduplicationId: fifoToken(deduplicationId),
    }),
  );
}

/** SQS takes at most 10 entries a batch; the payload bound is kept well under the request limit. */
export const BATCH_MAX_ENTRIES = 10;
export const BATCH_MAX_BYTES = 256 * 1024;

/** Splits entries, in order, into batches of at most `maxEntries` entries and `maxBytes` of bodies. */
export function chunkBatches<T>(items: readonly T[], size: (item: T) => number, maxEntries = BATCH_MAX_ENTRIES, maxBytes = BATCH_MAX_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const n = size(item);
    if (current.length && (current.length === maxEntries || bytes + n > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += n;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Some entries of a batch send were refused: by our fault (too large, bad id), or SQS's after retries. */
export class BatchSendError extends Error {
  override name = 'BatchSendError';
  constructor(readonly failed: readonly { deduplicationId: string; code: string; message: string; senderFault: boolean }[]) {
    super(`${failed.length} message(s) not enqueued: ${failed.map((f) => `${f.deduplicationId} ${f.code}${f.message ? ` (${f.message})` : ''}`).join('; ')}`);
  }
}

export interface BatchOptions {
  /** Tries of an entry SQS refused on its side (throttling, internal error) before giving up. */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends entries with SendMessageBatch, chunk after chunk (so a group's messages keep their order).
 * SQS answers a batch per entry: entries it refused on its side are sent again (with backoff), ours
 * (SenderFault) are not; after the other entries went out, anything still refused is thrown as a
 * BatchSendError, so the caller's retry (the record back on its queue) resends it and the FIFO
 * deduplication id absorbs the copies that did go out.
 */
export async function sendFifoBatch(sqs: SqsClient, queueUrl: string, entries: readonly FifoEntry[], opts: BatchOptions = {}): Promise<void> {
  const attempts = opts.attempts ?? 3;
  const baseDelayMs = opts.baseDelayMs ?? 50;
  const prepared = entries.map((e) => ({
    MessageBody: JSON.stringify(e.body),
    MessageGroupId: fifoToken(e.groupId),
    MessageDeduplicationId: fifoToken(e.deduplicationId),
    deduplicationId: e.deduplicationId,
  }));
  const failed: BatchSendError['failed'][number][] = [];
  for (const chunk of chunkBatches(prepared, (e) => Buffer.byteLength(e.MessageBody))) {
    let pending = chunk;
    for (let attempt = 1; pending.length; attempt++) {
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: pending.map(({ deduplicationId: _, ...entry }, i) => ({ Id: String(i), ...entry })),
        }),
      );
      const refused = (out.Failed ?? []).map((f: BatchResultErrorEntry) => ({ entry: pending[Number(f.Id)]!, f }));
      const retry = refused.filter(({ f }) => !f.SenderFault && attempt < attempts);
      for (const { entry, f } of refused.filter((r) => !retry.includes(r))) {
        failed.push({ deduplicationId: entry.deduplicationId, code: f.Code ?? 'Unknown', message: f.Message ?? '', senderFault: Boolean(f.SenderFault) });
      }
      pending = retry.map((r) => r.entry);
      if (pending.length) await sleep(baseDelayMs * 2 ** (attempt - 1));
    }
  }
  if (failed.length) throw new BatchSendError(failed);
}

const inboundEntry = (msg: InboundMessage): FifoEntry => ({ body: msg, groupId: `${msg.channel}#${msg.conversationKey}`, deduplicationId: messageKey(msg) });
const outboundEntry = (msg: OutboundMessage): FifoEntry => ({ body: msg, groupId: `${msg.channel}#${msg.conversationKey}`, deduplicationId: msg.outboundId });

/** Inbound: one group per conversation keeps its order; the channel's message id deduplicates. */
export const enqueueInbound = (sqs: SqsClient, queueUrl: string, msg: InboundMessage): Promise<void> => {
  const e = inboundEntry(msg);
  return sendFifo(sqs, queueUrl, e.body, e.groupId, e.deduplicationId);
};

/**
 * The outbound queue of every producer (pipeline, agent API, chat's e-mail fallback): one path,
 * SendMessageBatch, ten replies a request, a refused entry retried or thrown. Replies handed over in
 * the same turn of the event loop (the messages of a FIFO batch run at once) share requests; each
 * caller hears only of its own entries' failures. One caller's replies keep their order, and a
 * conversation's next message waits for this one, so no group's order depends on the sharing.
 */
export function sqsOutboundQueue(sqs: SqsClient, queueUrl: string, opts: BatchOptions = {}): OutboundQueue {
  let waiting: { entries: FifoEntry[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const flush = async () => {
    const callers = waiting;
    waiting = [];
    try {
      await sendFifoBatch(
        sqs,
        queueUrl,
        callers.flatMap((c) => c.entries),
        opts,
      );
      for (const c of callers) c.resolve();
    } catch (error) {
      for (const c of callers) {
        if (!(error instanceof BatchSendError)) {
          c.reject(error);
          continue;
        }
        const ids = new Set(c.entries.map((e) => e.deduplicationId));
        const own = error.failed.filter((f) => ids.has(f.deduplicationId));
        if (own.length) c.reject(new BatchSendError(own));
        else c.resolve();
      }
    }
  };
  const sendAll = (messages: readonly OutboundMessage[]): Promise<void> => {
    if (!messages.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (!waiting.length) setImmediate(() => void flush());
      waiting.push({ entries: messages.map(outboundEntry), resolve, reject });
    });
  };
  return { send: (msg: OutboundMessage) => sendAll([msg]), sendAll };
}

/**
 * Puts received messages back on the queue in `seconds` (ChangeMessageVisibilityBatch, ten a request),
 * by their receipt handles: a consumer that knows when a retry can succeed need not wait out the
 * queue's whole visibility timeout.
 */
export function sqsReturnLater(sqs: SqsClient, queueUrl: string) {
  return async (records: readonly { readonly receiptHandle: string }[], seconds: number): Promise<void> => {
    for (let i = 0; i < records.length; i += 10) {
      const entries = records.slice(i, i + 10).map((r, j) => ({ Id: String(j), ReceiptHandle: r.receiptHandle, VisibilityTimeout: seconds }));
      const out = await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      if (out.Failed?.length) throw new Error(`ChangeMessageVisibilityBatch: ${out.Failed.map((f) => f.Message ?? f.Code ?? f.Id).join('; ')}`);
    }
  };
}
