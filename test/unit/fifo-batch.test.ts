import { SendMessageBatchCommand, SendMessageCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BatchSendError, chunkBatches, sendFifoBatch, sqsOutboundQueue, type FifoEntry } from '#adapters/fifo-queue';
import type { OutboundMessage } from '#core/messages';

const sqs = mockClient(SQSClient);
const client = new SQSClient({ region: 'us-east-1' });
const url = 'https://sqs.example/q.fifo';
const entries = (n: number, group = 'chat#c1'): FifoEntry[] =>
  Array.from({ length: n }, (_, i) => ({ body: { n: i }, groupId: group, deduplicationId: `m${i}` }));
const sentBatches = () => sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input as SendMessageBatchCommandInput);
const bodies = (b: SendMessageBatchCommandInput) => b.Entries!.map((e) => JSON.parse(e.MessageBody!).n as number);

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({ Successful: input.Entries!.map((e) => ({ Id: e.Id })), Failed: [] }));
});

describe('batched FIFO sends', () => {
  it('sends 25 messages as batches of 10, 10 and 5, in order, each with its group and deduplication id', async () => {
    await sendFifoBatch(client, url, entries(25));
    const batches = sentBatches();
    expect(batches.map((b) => b.Entries!.length)).toEqual([10, 10, 5]);
    expect(batches.flatMap(bodies)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(batches[0]!.Entries![3]).toMatchObject({ MessageGroupId: 'chat#c1', MessageDeduplicationId: 'm3' });
    expect(new Set(batches[0]!.Entries!.map((e) => e.Id)).size).toBe(10);
  });

  it('starts a new batch before the bodies would pass the payload bound', () => {
    const sizes = [100_000, 100_000, 100_000, 10, 10];
    expect(chunkBatches(sizes, (n) => n).map((c) => c.length)).toEqual([2, 3]);
    expect(chunkBatches(Array(23).fill(1), (n) => n).map((c) => c.length)).toEqual([10, 10, 3]);
    expect(chunkBatches([], (n: number) => n)).toEqual([]);
  });

  it('sends again only the entries SQS refused on its side, and succeeds when they go through', async () => {
    let call = 0;
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
      call++;
      const refuse = call === 1 ? ['2', '7'] : [];
      return {
        Successful: input.Entries!.filter((e) => !refuse.includes(e.Id!)).map((e) => ({ Id: e.Id })),
        Failed: refuse.map((Id) => ({ Id, Code: 'InternalError', SenderFault: false })),
      };
    });
    await sendFifoBatch(client, url, entries(10), { baseDelayMs: 1 });
    const batches = sentBatches();
    expect(batches).toHaveLength(2);
    expect(bodies(batches[1]!)).toEqual([2, 7]);
  });

  it('does not resend what SQS refused as our fault, sends the rest, and throws naming the refused message', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
      Successful: input.Entries!.filter((e) => e.MessageDeduplicationId !== 'm4').map((e) => ({ Id: e.Id })),
      Failed: input
        .Entries!.filter((e) => e.MessageDeduplicationId === 'm4')
        .map((e) => ({ Id: e.Id, Code: 'InvalidParameterValue', Message: 'too big', SenderFault: true })),
    }));
    const error = await sendFifoBatch(client, url, entries(12), { baseDelayMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchSendError);
    expect((error as BatchSendError).failed).toEqual([{ deduplicationId: 'm4', code: 'InvalidParameterValue', message: 'too big', senderFault: true }]);
    expect((error as Error).message).toContain('m4 InvalidParameterValue');
    // Both batches went out once: the refused entry was not retried, the second batch still sent.
    expect(sentBatches().map((b) => b.Entries!.length)).toEqual([10, 2]);
  });

  it('gives up on an entry SQS keeps refusing after the configured attempts, and throws', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
      Successful: input.Entries!.filter((e) => e.MessageDeduplicationId !== 'm0').map((e) => ({ Id: e.Id })),
      Failed: input.Entries!.filter((e) => e.MessageDeduplicationId === 'm0').map((e) => ({ Id: e.Id, Code: 'ServiceUnavailable', SenderFault: false })),
    }));
    await expect(sendFifoBatch(client, url, entries(3), { attempts: 3, baseDelayMs: 1 })).rejects.toThrow(/1 message\(s\) not enqueued: m0 ServiceUnavailable/);
    expect(sentBatches().map((b) => b.Entries!.length)).toEqual([3, 1, 1]);
  });

  it('lets a failed request (not an entry) surface as it is', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('socket hang up'));
    await expect(sendFifoBatch(client, url, entries(2))).rejects.toThrow('socket hang up');
  });

  it('an outbound queue sends every reply with SendMessageBatch: several in one request, one alone or by send() as a batch of one, none as nothing', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'x' });
    const reply = (i: number) => ({ outboundId: `o${i}`, channel: 'chat', conversationKey: 'c1' }) as unknown as OutboundMessage;
    const queue = sqsOutboundQueue(client, url);
    await queue.sendAll([reply(1), reply(2), reply(3)]);
    await queue.sendAll([reply(4)]);
    await queue.send(reply(5));
    await queue.sendAll([]);
    expect(sentBatches().map((b) => b.Entries!.map((e) => e.MessageDeduplicationId))).toEqual([['o1', 'o2', 'o3'], ['o4'], ['o5']]);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
