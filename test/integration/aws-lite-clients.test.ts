import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BatchGetCommand,
  ConditionalCheckFailedException,
  DocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteCommand,
  UpdateCommand,
  unmarshall,
} from '#adapters/aws/dynamodb';
import { SendMessageBatchCommand, SendMessageCommand, SqsClient } from '#adapters/aws/sqs';
import { ensureTable } from '#local/dynamodb';
import { stack, unique } from './helpers';

/** Our DynamoDB and SQS clients against the local stack's DynamoDB Local and SQS server. */
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let db: DocumentClient;
let tableName: string;

beforeAll(async () => {
  const { info } = stack();
  tableName = unique('lite');
  await ensureTable(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb, credentials }), tableName);
  db = new DocumentClient({ region: info.region, endpoint: info.dynamodb, credentials });
});

describe('the document client on DynamoDB Local', () => {
  it('stores and reads back every kind of value, and finds it by query and batch', async () => {
    const item = {
      pk: unique('DOC'),
      sk: 'META',
      text: 'Siparişim nerede?',
      empty: '',
      n: 12.5,
      big: 2n ** 62n,
      flags: { read: true, spam: false, none: null },
      tags: new Set(['kargo', 'iade']),
      counts: new Set([1, 2]),
      bytes: new Uint8Array([1, 2, 3]),
      list: [{ at: '2026-12-07', k: 'x' }, 'y', 3],
    };
    await db.send(new PutCommand({ TableName: tableName, Item: { ...item, dropped: undefined } }));
    const got = await db.send(new GetCommand({ TableName: tableName, Key: { pk: item.pk, sk: 'META' }, ConsistentRead: true }));
    expect(got.Item).toEqual(item);
    const queried = await db.send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': item.pk } }),
    );
    expect(queried.Items).toEqual([item]);
    const batch = await db.send(
      new BatchGetCommand({
        RequestItems: {
          [tableName]: {
            Keys: [
              { pk: item.pk, sk: 'META' },
              { pk: 'none', sk: 'META' },
            ],
          },
        },
      }),
    );
    expect(batch.Responses?.[tableName]).toEqual([item]);
    expect(batch.UnprocessedKeys ?? {}).toEqual({});
  });

  it('a failed condition is ConditionalCheckFailedException, with the item as it was when asked for', async () => {
    const key = { pk: unique('COND'), sk: 'META' };
    await db.send(new PutCommand({ TableName: tableName, Item: { ...key, status: 'open' } }));
    const error = (await db
      .send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'SET #s = :closed',
          ConditionExpression: '#s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':closed': 'closed', ':pending': 'pending' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .catch((e: unknown) => e)) as ConditionalCheckFailedException;
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error.name).toBe('ConditionalCheckFailedException');
    expect(unmarshall(error.Item!)).toEqual({ ...key, status: 'open' });
  });

  it('a cancelled transaction is TransactionCanceledException, its reasons one per item, and writes nothing', async () => {
    const taken = { pk: unique('TX'), sk: 'META' };
    const fresh = { pk: unique('TX'), sk: 'META' };
    await db.send(new PutCommand({ TableName: tableName, Item: taken }));
    const error = (await db
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: fresh, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: tableName, Item: taken, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      )
      .catch((e: unknown) => e)) as TransactionCanceledException;
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error.CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect((await db.send(new GetCommand({ TableName: tableName, Key: fresh, ConsistentRead: true }))).Item).toBeUndefined();
  });
});

describe('the SQS client on the local SQS server', () => {
  it('sends one message and a batch to a FIFO queue, each with its group and deduplication id, and a copy is deduplicated', async () => {
    const { info } = stack();
    const reader = new SQSClient({ region: info.region, endpoint: info.sqs, credentials });
    const url = (await reader.send(new CreateQueueCommand({ QueueName: `${unique('lite')}.fifo`, Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
    const sqs = new SqsClient({ region: info.region, endpoint: info.sqs, credentials });
    const one = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{"n":0}', MessageGroupId: 'g1', MessageDeduplicationId: 'd0' }));
    expect(one.MessageId).toBeTruthy();
    const entries = [1, 2, 3].map((n) => ({
      Id: String(n),
      MessageBody: JSON.stringify({ n, text: 'ğüşıöç' }),
      MessageGroupId: 'g1',
      MessageDeduplicationId: `d${n}`,
    }));
    const batch = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [...entries, { ...entries[0]!, Id: 'copy' }] }));
    expect(batch.Failed ?? []).toEqual([]);
    expect(batch.Successful?.map((s) => s.Id)).toEqual(['1', '2', '3', 'copy']);
    const got = await reader.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, AttributeNames: ['All'] }));
    expect(got.Messages?.map((m) => JSON.parse(m.Body!).n)).toEqual([0, 1, 2, 3]);
    expect(got.Messages?.[1]?.Attributes).toMatchObject({ MessageGroupId: 'g1', MessageDeduplicationId: 'd1' });
  });

  it("reports an entry SQS refuses in the batch's Failed list, by its id, and sends the others", async () => {
    const { info } = stack();
    const reader = new SQSClient({ region: info.region, endpoint: info.sqs, credentials });
    // A standard queue: the local server refuses a FIFO batch with a bad entry as a whole.
    const url = (await reader.send(new CreateQueueCommand({ QueueName: unique('lite') }))).QueueUrl!;
    const sqs = new SqsClient({ region: info.region, endpoint: info.sqs, credentials });
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', MessageBody: 'a' },
          { Id: 'too-late', MessageBody: 'b', DelaySeconds: 1000 },
        ],
      }),
    );
    expect(out.Successful?.map((s) => s.Id)).toEqual(['ok']);
    expect(out.Failed).toEqual([expect.objectContaining({ Id: 'too-late', Code: 'InvalidParameterValue', SenderFault: true })]);
  });

  it('a missing queue is an error named as SQS names it', async () => {
    const { info } = stack();
    const sqs = new SqsClient({ region: info.region, endpoint: info.sqs, credentials });
    const error = (await sqs
      .send(new SendMessageCommand({ QueueUrl: `${info.sqs}/000000000000/${unique('none')}.fifo`, MessageBody: 'x', MessageGroupId: 'g' }))
      .catch((e: unknown) => e)) as Error;
    expect(error.name).toMatch(/QueueDoesNotExist|NonExistentQueue/);
  });
});
