import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SqsClient, type SendMessageBatchCommandInput, type SendMessageBatchCommandOutput } from '#adapters/aws/sqs';
import { BatchSendError, chunkBatches, sendFifoBatch, sqsOutboundQueue, type FifoEntry } from '#adapters/fifo-queue';
import type { OutboundMessage } from '#core/messages';

/**
 * An SQS endpoint on a local port that answers SendMessageBatch over the JSON protocol as the test
 * scripts it (entries refused, the connection dropped), and keeps every request it got.
 */
type Answer = (input: SendMessageBatchCommandInput) => Pick<SendMessageBatchCommandOutput, 'Failed'> | 'hang up';
let answer: Answer;
const requests: { target: string; input: SendMessageBatchCommandInput }[] = [];
let server: Server;
let client: SqsClient;
const url = 'https://sqs.example/q.fifo';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const input = JSON.parse(Buffer.concat(chunks).toString()) as SendMessageBatchCommandInput;
      requests.push({ target: String(req.headers['x-amz-target']), input });
      const out = answer(input);
      if (out === 'hang up') return req.socket.destroy();
      const refused = new Set((out.Failed ?? []).map((f) => f.Id));
      const Successful = input.Entries.filter((e) => !refused.has(e.Id)).map((e) => ({
        Id: e.Id,
        MessageId: `m-${e.Id}`,
        MD5OfMessageBody: md5(e.MessageBody),
      }));
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ Successful, Failed: out.Failed ?? [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new SqsClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const entries = (n: number, group = 'chat#c1'): FifoEntry[] =>
  Array.from({ length: n }, (_, i) => ({ body: { n: i }, groupId: group, deduplicationId: `m${i}` }));
const sentBatches = () => requests.filter((r) => r.target === 'AmazonSQS.SendMessageBatch').map((r) => r.input);
const bodies = (b: SendMessageBatchCommandInput) => b.Entries.map((e) => JSON.parse(e.MessageBody).n as number);

beforeEach(() => {
  requests.length = 0;
  answer = () => ({ Failed: [] });
});

describe('batched FIFO sends', () => {
  it('sends 25 messages as batches of 10, 10 and 5, in order, each with its group and deduplication id', async () => {
    await sendFifoBatch(client, url, entries(25));
    const batches = sentBatches();
    expect(batches.map((b) => b.Entries.length)).toEqual([10, 10, 5]);
    expect(batches.flatMap(bodies)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(batches[0]!.Entries[3]).toMatchObject({ MessageGroupId: 'chat#c1', MessageDeduplicationId: 'm3' });
    expect(new Set(batches[0]!.Entries.map((e) => e.Id)).size).toBe(10);
  });

  it('starts a new batch before the bodies would pass the payload bound', () => {
    const sizes = [100_000, 100_000, 100_000, 10, 10];
    expect(chunkBatches(sizes, (n) => n).map((c) => c.length)).toEqual([2, 3]);
    expect(chunkBatches(Array(23).fill(1), (n) => n).map((c) => c.length)).toEqual([10, 10, 3]);
    expect(chunkBatches([], (n: number) => n)).toEqual([]);
  });

  it('sends again only the entries SQS refused on its side, and succeeds when they go through', async () => {
    let call = 0;
    answer = () => {
      call++;
      const refuse = call === 1 ? ['2', '7'] : [];
      return { Failed: refuse.map((Id) => ({ Id, Code: 'InternalError', SenderFault: false })) };
    };
    await sendFifoBatch(client, url, entries(10), { baseDelayMs: 1 });
    const batches = sentBatches();
    expect(batches).toHaveLength(2);
    expect(bodies(batches[1]!)).toEqual([2, 7]);
  });

  it('does not resend what SQS refused as our fault, sends the rest, and throws naming the refused message', async () => {
    answer = (input) => ({
      Failed: input.Entries.filter((e) => e.MessageDeduplicationId === 'm4').map((e) => ({
        Id: e.Id,
        Code: 'InvalidParameterValue',
        Message: 'too big',
        SenderFault: true,
      })),
    });
    const error = await sendFifoBatch(client, url, entries(12), { baseDelayMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchSendError);
    expect((error as BatchSendError).failed).toEqual([{ deduplicationId: 'm4', code: 'InvalidParameterValue', message: 'too big', senderFault: true }]);
    expect((error as Error).message).toContain('m4 InvalidParameterValue');
    // Both batches went out once: the refused entry was not retried, the second batch still sent.
    expect(sentBatches().map((b) => b.Entries.length)).toEqual([10, 2]);
  });

  it('gives up on an entry SQS keeps refusing after the configured attempts, and throws', async () => {
    answer = (input) => ({
      Failed: input.Entries.filter((e) => e.MessageDeduplicationId === 'm0').map((e) => ({ Id: e.Id, Code: 'ServiceUnavailable', SenderFault: false })),
    });
    await expect(sendFifoBatch(client, url, entries(3), { attempts: 3, baseDelayMs: 1 })).rejects.toThrow(/1 message\(s\) not enqueued: m0 ServiceUnavailable/);
    expect(sentBatches().map((b) => b.Entries.length)).toEqual([3, 1, 1]);
  });

  it('lets a failed request (not an entry) surface as it is', async () => {
    answer = () => 'hang up';
    await expect(sendFifoBatch(client, url, entries(2))).rejects.toThrow('socket hang up');
  });

  it('an outbound queue sends every reply with SendMessageBatch: several in one request, one alone or by send() as a batch of one, none as nothing', async () => {
    const reply = (i: number) => ({ outboundId: `o${i}`, channel: 'chat', conversationKey: 'c1' }) as unknown as OutboundMessage;
    const queue = sqsOutboundQueue(client, url);
    await queue.sendAll([reply(1), reply(2), reply(3)]);
    await queue.sendAll([reply(4)]);
    await queue.send(reply(5));
    await queue.sendAll([]);
    expect(sentBatches().map((b) => b.Entries.map((e) => e.MessageDeduplicationId))).toEqual([['o1', 'o2', 'o3'], ['o4'], ['o5']]);
    expect(requests.filter((r) => r.target === 'AmazonSQS.SendMessage')).toHaveLength(0);
  });

  it("replies handed over at once by several messages share a request, in each caller's order", async () => {
    const reply = (i: number, conv: string) => ({ outboundId: `o${i}`, channel: 'chat', conversationKey: conv }) as unknown as OutboundMessage;
    const queue = sqsOutboundQueue(client, url);
    await Promise.all([queue.sendAll([reply(1, 'a'), reply(2, 'a')]), queue.send(reply(3, 'b')), queue.sendAll([reply(4, 'c')])]);
    expect(sentBatches().map((b) => b.Entries.map((e) => `${e.MessageGroupId}:${e.MessageDeduplicationId}`))).toEqual([
      ['chat#a:o1', 'chat#a:o2', 'chat#b:o3', 'chat#c:o4'],
    ]);
  });

  it('a shared request refusing one entry fails only the caller whose entry it was', async () => {
    answer = (input) => ({
      Failed: input.Entries.filter((e) => e.MessageDeduplicationId === 'o2').map((e) => ({ Id: e.Id, Code: 'InvalidParameterValue', SenderFault: true })),
    });
    const reply = (i: number, conv: string) => ({ outboundId: `o${i}`, channel: 'chat', conversationKey: conv }) as unknown as OutboundMessage;
    const queue = sqsOutboundQueue(client, url, { baseDelayMs: 1 });
    const [first, second] = await Promise.allSettled([queue.send(reply(1, 'a')), queue.send(reply(2, 'b'))]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    expect(((second as PromiseRejectedResult).reason as BatchSendError).failed.map((f) => f.deduplicationId)).toEqual(['o2']);
  });
});
