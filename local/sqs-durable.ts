// What makes local-aws-sqs durable: hooks on each queue's store that journal every message put in or
// taken out, and answers held back until the journal has that on disk.

import type { ServerResponse } from 'node:http';
import type { createRequestHandler } from 'local-aws-sqs';
import type { JournaledMessage, QueueJournal } from './sqs-journal';

type Service = ReturnType<typeof createRequestHandler>['service'];
type Queue = Service['Queues'][number];

/** The server answers with res.end(); with a journal, the answer waits until what the request changed is on disk. */
export function holdAnswerUntilDurable(res: ServerResponse, sweep: () => void, journal: QueueJournal) {
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

/** Hooks queues into the journal (sweep: after each request) and puts the journal's messages back (restore). */
export function journalHooks(service: Service, journal: QueueJournal) {
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
