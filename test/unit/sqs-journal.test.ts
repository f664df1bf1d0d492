import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '#local/net';
import { startSqsServer, type LocalSqsServer } from '#local/sqs';
import { QueueJournal } from '#local/sqs-journal';
import { LOCAL_CREDENTIALS } from '#local/storage';

let dir: string;
let journalFile: string;
const running: LocalSqsServer[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'destek-sqs-journal-'));
  journalFile = join(dir, 'sqs', 'journal.jsonl');
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close().catch(() => undefined)));
  rmSync(dir, { recursive: true, force: true });
});

/** A server on the journal, its queues created as the local stack creates them (every start), then restored. */
async function boot(opts: { journal?: boolean } = { journal: true }) {
  const server = await startSqsServer(await freePort(), opts.journal === false ? {} : { journalFile });
  running.push(server);
  const sqs = new SQSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: 'in-dlq.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const queue = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: 'in.fifo',
        Attributes: { FifoQueue: 'true', VisibilityTimeout: '180', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
      }),
    )
  ).QueueUrl!;
  const plain = (await sqs.send(new CreateQueueCommand({ QueueName: 'plain' }))).QueueUrl!;
  const restored = server.restore();
  return { server, sqs, queue, dlq, plain, restored };
}

/** A kill -9 leaves only what is on disk: the next server reads the file, not the dead one's memory. */
async function crash(server: LocalSqsServer) {
  server.server.closeAllConnections();
  await new Promise<void>((r) => server.server.close(() => r()));
}

const receiveAll = async (sqs: SQSClient, url: string, visibility = 180) =>
  (
    await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: visibility,
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    )
  ).Messages ?? [];

describe('the local SQS server with a journal', () => {
  it('has a message on disk before it acknowledges the send', async () => {
    const { sqs, queue } = await boot();
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: 'merhaba', MessageGroupId: 'c1', MessageDeduplicationId: 'm1' }));
    expect(readFileSync(journalFile, 'utf8')).toContain(sent.MessageId!);
  });

  it('gives back after a crash every accepted message with its body, attributes, group and deduplication id, visible at once', async () => {
    const first = await boot();
    const one = await first.sqs.send(
      new SendMessageCommand({
        QueueUrl: first.queue,
        MessageBody: '{"text":"kargom nerede?"}',
        MessageGroupId: 'conv-1',
        MessageDeduplicationId: 'msg-1',
        MessageAttributes: { channel: { DataType: 'String', StringValue: 'chat' } },
      }),
    );
    await first.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: first.queue,
        Entries: [
          { Id: 'a', MessageBody: 'two', MessageGroupId: 'conv-1', MessageDeduplicationId: 'msg-2' },
          { Id: 'b', MessageBody: 'three', MessageGroupId: 'conv-2', MessageDeduplicationId: 'msg-3' },
        ],
      }),
    );
    // Received by a consumer that then dies with the server: in flight, not done.
    expect(await receiveAll(first.sqs, first.queue)).toHaveLength(3);
    await crash(first.server);

    const second = await boot();
    expect(second.restored).toBe(3);
    const back = await receiveAll(second.sqs, second.queue);
    expect(back.map((m) => m.Body)).toEqual(['{"text":"kargom nerede?"}', 'two', 'three']);
    expect(back[0]).toMatchObject({
      MessageId: one.MessageId,
      MessageAttributes: { channel: { DataType: 'String', StringValue: 'chat' } },
      Attributes: { MessageGroupId: 'conv-1', MessageDeduplicationId: 'msg-1' },
    });
    // The same deduplication id is still taken: a retried send is absorbed, as within SQS's window.
    const retried = await second.sqs.send(
      new SendMessageCommand({ QueueUrl: second.queue, MessageBody: 'again', MessageGroupId: 'conv-1', MessageDeduplicationId: 'msg-1' }),
    );
    expect(retried.MessageId).toBe(one.MessageId);
  });

  it('does not give back what a consumer deleted', async () => {
    const first = await boot();
    await first.sqs.send(new SendMessageCommand({ QueueUrl: first.plain, MessageBody: 'done' }));
    await first.sqs.send(new SendMessageCommand({ QueueUrl: first.plain, MessageBody: 'pending' }));
    const [done] = (await receiveAll(first.sqs, first.plain)).filter((m) => m.Body === 'done');
    await first.sqs.send(new DeleteMessageCommand({ QueueUrl: first.plain, ReceiptHandle: done!.ReceiptHandle! }));
    await crash(first.server);

    const second = await boot();
    expect((await receiveAll(second.sqs, second.plain)).map((m) => m.Body)).toEqual(['pending']);
  });

  it('keeps a message the redrive moved to the dead-letter queue there', async () => {
    const first = await boot();
    await first.sqs.send(new SendMessageCommand({ QueueUrl: first.queue, MessageBody: 'poison', MessageGroupId: 'g', MessageDeduplicationId: 'p1' }));
    // Two receives that time out at once reach maxReceiveCount 2: the server moves it to the DLQ.
    await receiveAll(first.sqs, first.queue, 0);
    await new Promise((r) => setTimeout(r, 100));
    await receiveAll(first.sqs, first.queue, 0);
    await new Promise((r) => setTimeout(r, 100));
    await crash(first.server);

    const second = await boot();
    expect(await receiveAll(second.sqs, second.queue)).toEqual([]);
    expect((await receiveAll(second.sqs, second.dlq)).map((m) => m.Body)).toEqual(['poison']);
  });

  it('restarted twice, gives back each message once', async () => {
    const first = await boot();
    await first.sqs.send(new SendMessageCommand({ QueueUrl: first.plain, MessageBody: 'once' }));
    await crash(first.server);
    await crash((await boot()).server);
    const third = await boot();
    expect(third.restored).toBe(1);
    expect((await receiveAll(third.sqs, third.plain)).map((m) => m.Body)).toEqual(['once']);
  });

  it('without a journal keeps the queues in memory only', async () => {
    const first = await boot({ journal: false });
    await first.sqs.send(new SendMessageCommand({ QueueUrl: first.plain, MessageBody: 'gone' }));
    await crash(first.server);
    const second = await boot({ journal: false });
    expect(second.restored).toBe(0);
    expect(await receiveAll(second.sqs, second.plain)).toEqual([]);
  });
});

describe('the queue journal file', () => {
  const put = (id: string, queue = 'q') => JSON.stringify({ op: 'put', queue, id, body: id, sentAt: 1, delaySeconds: 0 });

  it('skips a torn last line (a write the crash cut short was never acknowledged)', async () => {
    const file = join(dir, 'j.jsonl');
    writeFileSync(file, `${put('a')}\n${put('b')}\n{"op":"put","qu`);
    const journal = await QueueJournal.open(file);
    expect(journal.messages().map((m) => m.id)).toEqual(['a', 'b']);
    await journal.close();
  });

  it('refuses a damaged line in the middle with a line that says what to do', async () => {
    const file = join(dir, 'j.jsonl');
    writeFileSync(file, `${put('a')}\nnot json\n${put('b')}\n`);
    await expect(QueueJournal.open(file)).rejects.toThrow(/damaged at line 2: move it away/);
  });

  it('rewrites itself at open with only the live messages; deletes and purges are replayed', async () => {
    const file = join(dir, 'j.jsonl');
    writeFileSync(
      file,
      [put('a'), put('b'), put('c', 'other'), JSON.stringify({ op: 'del', id: 'a' }), JSON.stringify({ op: 'purge', queue: 'other' }), ''].join('\n'),
    );
    const journal = await QueueJournal.open(file);
    expect(journal.messages().map((m) => m.id)).toEqual(['b']);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
    journal.remove('b');
    await journal.durable();
    await journal.close();
    const again = await QueueJournal.open(file);
    expect(again.messages()).toEqual([]);
    await again.close();
  });
});
