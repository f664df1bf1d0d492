import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqsClient } from '#adapters/aws/sqs';
import { sendFifoBatch, type FifoEntry } from '#adapters/fifo-queue';
import { FIFO_HIGH_THROUGHPUT, queueDefinitions, type QueueDefinition, type QueueName } from '#definitions/queues';
import { stack, unique } from './helpers';

let sqs: SQSClient;
beforeAll(() => {
  const { info } = stack();
  sqs = new SQSClient({ region: info.region, endpoint: info.sqs, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
});

async function drain(url: string): Promise<{ group: string; n: number }[]> {
  const got: { group: string; n: number }[] = [];
  for (let empty = 0; empty < 3; ) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const messages = out.Messages ?? [];
    if (!messages.length) {
      empty++;
      continue;
    }
    got.push(...messages.map((m) => JSON.parse(m.Body!) as { group: string; n: number }));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
  return got;
}

describe('FIFO queues at Black-Friday throughput, on the local SQS server', () => {
  it('the local stack created every FIFO queue of the definitions in high-throughput mode', async () => {
    const { info } = stack();
    const fifo = (Object.entries(queueDefinitions) as [QueueName, QueueDefinition][]).filter(([, d]) => d.fifo);
    expect(fifo.length).toBeGreaterThan(0);
    for (const [name] of fifo) {
      const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: info.queues[name].url, AttributeNames: ['All'] }))).Attributes!;
      expect(attrs, name).toMatchObject({
        FifoQueue: 'true',
        FifoThroughputLimit: FIFO_HIGH_THROUGHPUT.fifoThroughputLimit,
        DeduplicationScope: FIFO_HIGH_THROUGHPUT.deduplicationScope,
      });
    }
  });

  it('a batched send delivers every message once, each conversation in order, and a resend is deduplicated', async () => {
    const url = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: `${unique('batch')}.fifo`,
          Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' },
        }),
      )
    ).QueueUrl!;
    const entries: FifoEntry[] = Array.from({ length: 23 }, (_, n) => ({
      body: { n, group: `chat#${n % 2 ? 'b' : 'a'}` },
      groupId: `chat#${n % 2 ? 'b' : 'a'}`,
      deduplicationId: `m${n}`,
    }));
    const producer = new SqsClient({ region: stack().info.region, endpoint: stack().info.sqs, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    await sendFifoBatch(producer, url, entries);
    await sendFifoBatch(producer, url, entries);
    const got = await drain(url);
    expect(got).toHaveLength(23);
    for (const group of ['chat#a', 'chat#b']) {
      const ns = got.filter((g) => g.group === group).map((g) => g.n);
      expect(ns).toEqual([...ns].sort((x, y) => x - y));
    }
  });
});
