import { CreateQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsClient } from '#adapters/aws/sqs';
import { sqsReturnLater } from '#adapters/fifo-queue';
import { freePort } from '#local/net';
import { startSqsServer, type LocalSqsServer } from '#local/sqs';
import { LOCAL_CREDENTIALS } from '#local/storage';

/** The adapter against the local SQS server: received messages come back when asked, not after the queue's timeout. */
let server: LocalSqsServer;
let sqs: SQSClient;
let client: SqsClient;
beforeAll(async () => {
  server = await startSqsServer(await freePort());
  sqs = new SQSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  client = new SqsClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: LOCAL_CREDENTIALS });
});
afterAll(() => server.close());

const receive = async (url: string) =>
  (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }))).Messages ?? [];

describe('putting received messages back on the queue', () => {
  it('brings a FIFO group back in the seconds asked for, in its order, instead of after the visibility timeout', async () => {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'out.fifo', Attributes: { FifoQueue: 'true', VisibilityTimeout: '180' } }))).QueueUrl!;
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: ['r1', 'r2'].map((id) => ({ Id: id, MessageBody: id, MessageGroupId: 'ticket-1', MessageDeduplicationId: id })),
      }),
    );
    const first = await receive(url);
    expect(first.map((m) => m.Body)).toEqual(['r1', 'r2']);
    expect(await receive(url)).toEqual([]);
    await sqsReturnLater(client, url)(
      first.map((m) => ({ receiptHandle: m.ReceiptHandle! })),
      1,
    );
    expect(await receive(url)).toEqual([]);
    await new Promise((r) => setTimeout(r, 1_200));
    expect((await receive(url)).map((m) => m.Body)).toEqual(['r1', 'r2']);
  });

  it('says which message it could not put back', async () => {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'plain-out' }))).QueueUrl!;
    await expect(sqsReturnLater(client, url)([{ receiptHandle: 'not-a-receipt-handle' }], 1)).rejects.toThrow(
      /ChangeMessageVisibilityBatch: .*receipt handle/i,
    );
  });
});
