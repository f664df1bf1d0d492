import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as sdk from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsClient } from '#adapters/aws/client';
import * as ours from '#adapters/aws/dynamodb';

/**
 * A DynamoDB endpoint on a local port that keeps every request and answers what the test sets: the
 * AWS SDK's document client and ours send the same commands to it, and must put the same bytes on
 * the wire and read the same answers.
 */
let server: Server;
let endpoint: string;
const requests: { target: string; body: unknown; headers: Record<string, unknown> }[] = [];
let reply: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ target: String(req.headers['x-amz-target']), body: JSON.parse(Buffer.concat(chunks).toString()), headers: req.headers });
      res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req-1' }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests.length = 0;
  reply = { status: 200, body: {} };
});

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const sdkClient = () =>
  sdk.DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1', endpoint, credentials, maxAttempts: 1 }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
const ourClient = () => new ours.DocumentClient({ region: 'eu-central-1', endpoint, credentials, maxAttempts: 1 });

const item = { pk: 'T#1', sk: 'META', n: 3, tags: new Set(['a']), nested: { list: [1, 'x', null], gone: undefined } };
const key = { pk: 'T#1', sk: 'META' };
const values = { ':s': 'open', ':n': 1, ':gone': undefined };

/** Each command as the SDK's lib-dynamodb and as ours. */
const commands = {
  GetCommand: [sdk.GetCommand, ours.GetCommand],
  PutCommand: [sdk.PutCommand, ours.PutCommand],
  UpdateCommand: [sdk.UpdateCommand, ours.UpdateCommand],
  DeleteCommand: [sdk.DeleteCommand, ours.DeleteCommand],
  QueryCommand: [sdk.QueryCommand, ours.QueryCommand],
  ScanCommand: [sdk.ScanCommand, ours.ScanCommand],
  BatchGetCommand: [sdk.BatchGetCommand, ours.BatchGetCommand],
  BatchWriteCommand: [sdk.BatchWriteCommand, ours.BatchWriteCommand],
  TransactWriteCommand: [sdk.TransactWriteCommand, ours.TransactWriteCommand],
  TransactGetCommand: [sdk.TransactGetCommand, ours.TransactGetCommand],
} as const;
type CommandName = keyof typeof commands;

/** The same command through both clients: the request bodies (and targets) sent, and both outputs. */
async function both(name: CommandName, input: unknown, answer: unknown = {}) {
  reply = { status: 200, body: answer };
  const [SdkCommand, OurCommand] = commands[name] as unknown as [
    new (i: unknown) => Parameters<sdk.DynamoDBDocumentClient['send']>[0],
    new (i: unknown) => ours.DocumentCommand<unknown, unknown>,
  ];
  const { $metadata: _, ...sdkOut } = (await sdkClient().send(new SdkCommand(structuredClone(input)))) as { $metadata: unknown };
  const ourOut = await ourClient().send(new OurCommand(structuredClone(input)));
  const [a, b] = requests.slice(-2);
  return { sdkRequest: a!, ourRequest: b!, sdkOut, ourOut };
}

const answerItem = { pk: { S: 'T#1' }, sk: { S: 'META' }, n: { N: '3' }, big: { N: '90071992547409930' }, tags: { SS: ['a', 'b'] } };

describe('the document client speaks DynamoDB as the SDK does', () => {
  const cases: [CommandName, unknown, unknown][] = [
    [
      'GetCommand',
      { TableName: 't', Key: key, ConsistentRead: true, ProjectionExpression: '#s', ExpressionAttributeNames: { '#s': 'status' } },
      { Item: answerItem },
    ],
    ['GetCommand', { TableName: 't', Key: key }, {}],
    [
      'PutCommand',
      {
        TableName: 't',
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk) OR #s = :s',
        ExpressionAttributeNames: { '#s': 's' },
        ExpressionAttributeValues: values,
        ReturnConsumedCapacity: 'INDEXES',
      },
      { ConsumedCapacity: { TableName: 't', CapacityUnits: 1 } },
    ],
    [
      'UpdateCommand',
      {
        TableName: 't',
        Key: key,
        UpdateExpression: 'SET #s = :s ADD n :n',
        ExpressionAttributeNames: { '#s': 's' },
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
      { Attributes: answerItem },
    ],
    ['DeleteCommand', { TableName: 't', Key: key, ReturnValues: 'ALL_OLD' }, { Attributes: answerItem }],
    [
      'QueryCommand',
      {
        TableName: 't',
        IndexName: 'gsi1',
        KeyConditionExpression: 'pk = :s',
        ExpressionAttributeValues: values,
        ExclusiveStartKey: key,
        Limit: 2,
        ScanIndexForward: false,
        Select: 'ALL_PROJECTED_ATTRIBUTES',
      },
      { Items: [answerItem, answerItem], Count: 2, ScannedCount: 2, LastEvaluatedKey: { pk: { S: 'T#1' }, sk: { S: 'META' } } },
    ],
    ['ScanCommand', { TableName: 't', FilterExpression: 'n > :n', ExpressionAttributeValues: { ':n': 1 } }, { Items: [answerItem], Count: 1 }],
    [
      'BatchGetCommand',
      { RequestItems: { t: { Keys: [key, { pk: 'T#2', sk: 'META' }], ProjectionExpression: 'pk' } }, ReturnConsumedCapacity: 'TOTAL' },
      {
        Responses: { t: [answerItem] },
        UnprocessedKeys: { t: { Keys: [{ pk: { S: 'T#2' }, sk: { S: 'META' } }], ProjectionExpression: 'pk' } },
        ConsumedCapacity: [{ TableName: 't', CapacityUnits: 1 }],
      },
    ],
    [
      'BatchWriteCommand',
      { RequestItems: { t: [{ PutRequest: { Item: item } }, { DeleteRequest: { Key: key } }] } },
      { UnprocessedItems: { t: [{ PutRequest: { Item: answerItem } }, { DeleteRequest: { Key: { pk: { S: 'T#1' }, sk: { S: 'META' } } } }] } },
    ],
    [
      'TransactWriteCommand',
      {
        TransactItems: [
          { Put: { TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Update: { TableName: 't', Key: key, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 's' }, ExpressionAttributeValues: values } },
          {
            ConditionCheck: {
              TableName: 't',
              Key: key,
              ConditionExpression: '#s = :s',
              ExpressionAttributeNames: { '#s': 's' },
              ExpressionAttributeValues: { ':s': 'x' },
            },
          },
          { Delete: { TableName: 't', Key: key, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
        ],
        ClientRequestToken: 'token-1',
        ReturnConsumedCapacity: 'INDEXES',
      },
      { ConsumedCapacity: [{ TableName: 't', CapacityUnits: 8 }] },
    ],
    [
      'TransactGetCommand',
      { TransactItems: [{ Get: { TableName: 't', Key: key } }, { Get: { TableName: 't', Key: key } }] },
      { Responses: [{ Item: answerItem }, {}] },
    ],
  ];

  it.each(cases)('%s: the same request on the wire, the same answer read', async (name, input, answer) => {
    const { sdkRequest, ourRequest, sdkOut, ourOut } = await both(name, input, answer);
    expect(ourRequest.target).toBe(sdkRequest.target);
    expect(ourRequest.headers['content-type']).toBe(sdkRequest.headers['content-type']);
    expect(ourRequest.body).toEqual(sdkRequest.body);
    expect(ourOut).toEqual(sdkOut);
  });

  it('throws a failed condition by its name with the old item, as ConditionalCheckFailedException', async () => {
    reply = {
      status: 400,
      body: { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed', Item: answerItem },
    };
    const error = (await ourClient()
      .send(
        new ours.PutCommand({ TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      )
      .catch((e: unknown) => e)) as ours.ConditionalCheckFailedException;
    expect(error).toBeInstanceOf(ours.ConditionalCheckFailedException);
    expect(error).not.toBeInstanceOf(ours.TransactionCanceledException);
    expect(error).toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'The conditional request failed',
      $metadata: { httpStatusCode: 400, requestId: 'req-1' },
    });
    expect(ours.unmarshall(error.Item!)).toMatchObject({ pk: 'T#1', n: 3 });
  });

  it('throws a cancelled transaction with its reasons, one a transact item', async () => {
    const reasons = [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }];
    reply = {
      status: 400,
      body: { __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException', Message: 'Transaction cancelled', CancellationReasons: reasons },
    };
    const error = (await ourClient()
      .send(
        new ours.TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 't', Item: item } },
            { ConditionCheck: { TableName: 't', Key: key, ConditionExpression: 'attribute_exists(pk)' } },
          ],
        }),
      )
      .catch((e: unknown) => e)) as ours.TransactionCanceledException;
    expect(error).toBeInstanceOf(ours.TransactionCanceledException);
    expect(error.CancellationReasons).toEqual(reasons);
    expect(error.message).toBe('Transaction cancelled');
  });

  it('retries throttling, then answers', async () => {
    let calls = 0;
    server.removeAllListeners('request');
    server.on('request', (req, res) => {
      req.resume();
      req.on('end', () => {
        calls++;
        if (calls < 3)
          res.writeHead(400).end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' }));
        else res.writeHead(200).end(JSON.stringify({ Item: answerItem }));
      });
    });
    const out = await new ours.DocumentClient({ region: 'eu-central-1', endpoint, credentials }).send(new ours.GetCommand({ TableName: 't', Key: key }));
    expect(calls).toBe(3);
    expect(out.Item).toMatchObject({ pk: 'T#1' });
  });
});

describe('a call hook sees every request', () => {
  it('is given the service and operation, can add headers, and passes the answer through', async () => {
    reply = { status: 200, body: { Item: answerItem } };
    server.removeAllListeners('request');
    server.on('request', (req, res) => {
      req.resume();
      req.on('end', () => {
        requests.push({ target: String(req.headers['x-amz-target']), body: {}, headers: req.headers });
        res.writeHead(200).end(JSON.stringify(reply.body));
      });
    });
    const aws = new AwsClient(ours.DYNAMODB_SERVICE, { region: 'eu-central-1', endpoint, credentials });
    const seen: string[] = [];
    aws.tracer = async (call, send) => {
      seen.push(`${call.service}.${call.operation} ${call.region}`);
      const res = await send({ 'x-amzn-trace-id': 'Root=1-abc;Parent=def;Sampled=1' });
      seen.push(`status ${res.status}`);
      return res;
    };
    const out = await new ours.DocumentClient(aws).send(new ours.GetCommand({ TableName: 't', Key: key }));
    expect(out.Item).toMatchObject({ pk: 'T#1' });
    expect(seen).toEqual(['DynamoDB.GetItem eu-central-1', 'status 200']);
    expect(requests.at(-1)!.headers['x-amzn-trace-id']).toBe('Root=1-abc;Parent=def;Sampled=1');
  });
});
