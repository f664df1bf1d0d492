import type { ChildProcess } from 'node:child_process';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '#adapters/aws/dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamodb-client';
import type { TableSchema } from '#definitions/table';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb';
import { startOnPort } from '#local/net';

/** An earlier version's layout: an index since removed, one whose projection changed, and a stream of keys only. */
const earlier: TableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  stream: 'KEYS_ONLY',
  indexes: [
    { name: 'byStatus', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', include: ['channel'] },
    { name: 'byChannel', partitionKey: 'gsi5pk', sortKey: 'gsi1sk' },
  ],
};
const now: TableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  stream: 'NEW_AND_OLD_IMAGES',
  indexes: [
    { name: 'byStatus', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', include: ['channel', 'intent'] },
    { name: 'byCreated', partitionKey: 'gsi7pk', sortKey: 'gsi7sk' },
  ],
};

/**
 * A DynamoDB Local of its own, not the suite's: DynamoDB Local builds and drops indexes on the same ten
 * background threads on which it sweeps every table with TTL (each sweep sleeps 10 s per 20 items it
 * reads). The suite's instance holds a dozen TTL tables with items, whose sweeps can keep every thread
 * busy for minutes, so an index change there waits behind them (the upgrade then stalls past 60 s).
 */
describe('a local table kept from an earlier version', () => {
  let dynamo: { process: ChildProcess; endpoint: string };
  let raw: DynamoDBClient;
  let doc: ReturnType<typeof createDocumentClient>;
  beforeAll(async () => {
    dynamo = await startOnPort(0, (port) => startDynamoDbLocal(port));
    const client = { region: 'eu-central-1', endpoint: dynamo.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    raw = new DynamoDBClient(client);
    doc = createDocumentClient(client);
  }, 60_000);
  afterAll(() => {
    dynamo?.process.kill('SIGTERM');
  });

  it('gets the indexes and the stream the schema defines now, the indexes rebuilt from the items it holds', async () => {
    await ensureTable(raw, 'upgraded', earlier);
    await doc.send(
      new PutCommand({
        TableName: 'upgraded',
        Item: {
          pk: 'TICKET#1',
          sk: 'TICKET',
          gsi1pk: 'STATUS#open#0',
          gsi1sk: 'a',
          gsi5pk: 'CHANNEL#chat#open#0',
          gsi7pk: 'CREATED#2026-12#0',
          gsi7sk: 'a',
          channel: 'chat',
          intent: 'track_order',
        },
      }),
    );

    await ensureTable(raw, 'upgraded', now);

    const { Table } = await raw.send(new DescribeTableCommand({ TableName: 'upgraded' }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(['byCreated', 'byStatus']);
    // The events publisher reads old and new images from the stream: a table whose stream carried keys only carries both now.
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const byStatus = await doc.send(
      new QueryCommand({
        TableName: 'upgraded',
        IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'STATUS#open#0' },
      }),
    );
    expect(byStatus.Items).toEqual([expect.objectContaining({ pk: 'TICKET#1', intent: 'track_order' })]);
    const byCreated = await doc.send(
      new QueryCommand({
        TableName: 'upgraded',
        IndexName: 'byCreated',
        KeyConditionExpression: 'gsi7pk = :p',
        ExpressionAttributeValues: { ':p': 'CREATED#2026-12#0' },
      }),
    );
    expect(byCreated.Items).toHaveLength(1);
  });

  it('gets a stream when it had none (the agents’ live updates read it)', async () => {
    await ensureTable(raw, 'streamless', { ...now, stream: undefined });
    await ensureTable(raw, 'streamless', now);
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: 'streamless' }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('keeps its stream when the stream is as the schema defines it (a new stream would drop the records not yet read)', async () => {
    await ensureTable(raw, 'current', now);
    const before = (await raw.send(new DescribeTableCommand({ TableName: 'current' }))).Table;
    await ensureTable(raw, 'current', now);
    const after = (await raw.send(new DescribeTableCommand({ TableName: 'current' }))).Table;
    expect(after?.LatestStreamArn).toBe(before?.LatestStreamArn);
  });
});
