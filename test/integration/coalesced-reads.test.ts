import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '#adapters/aws/dynamodb';
import { describe, expect, it } from 'vitest';
import { CoalescedReads } from '#adapters/coalesced-reads';
import { CoalescedWrites } from '#adapters/coalesced-writes';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { ensureTable } from '#local/dynamodb';
import { stack, unique } from './helpers';

/** The client, and the names of the commands sent through it, in order. */
function countingRequests(doc: ReturnType<typeof createDocumentClient>) {
  const sent: string[] = [];
  const counting = new Proxy(doc, {
    get: (target, prop, receiver) =>
      prop === 'send'
        ? (command: { constructor: { name: string } }) => {
            sent.push(command.constructor.name);
            return target.send(command as never);
          }
        : Reflect.get(target, prop, receiver),
  });
  return { counting, sent };
}

describe('reads gathered into one request', () => {
  it('reads issued together become one BatchGetItem per consistency; each caller gets its own item, a missing one nothing', async () => {
    const { info } = stack();
    const raw = new DynamoDBClient({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const tableName = unique('coalesce');
    await ensureTable(raw, tableName);
    const doc = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    for (let i = 0; i < 150; i++) await doc.send(new PutCommand({ TableName: tableName, Item: { pk: `T#${i}`, sk: 'X', n: i } }));
    const { counting, sent } = countingRequests(doc);
    const reads = new CoalescedReads({ db: counting, table: tableName, capacity: () => ({}), onCapacity: () => {} });

    const eventual = Array.from({ length: 150 }, (_, i) => reads.get({ pk: `T#${i}`, sk: 'X' }, false));
    const again = reads.get({ pk: 'T#7', sk: 'X' }, false);
    const missing = reads.get({ pk: 'T#none', sk: 'X' }, false);
    const consistent = [reads.get({ pk: 'T#3', sk: 'X' }, true), reads.get({ pk: 'T#4', sk: 'X' }, true)];
    const items = await Promise.all(eventual);

    expect(items.map((i) => i?.n)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect((await again)?.n).toBe(7);
    expect(await missing).toBeUndefined();
    expect((await Promise.all(consistent)).map((i) => i?.n)).toEqual([3, 4]);
    // 152 distinct eventual keys: two requests of at most 100; the two consistent reads: one more.
    expect(sent).toEqual(['BatchGetCommand', 'BatchGetCommand', 'BatchGetCommand']);

    sent.length = 0;
    expect((await reads.get({ pk: 'T#9', sk: 'X' }, true))?.n).toBe(9);
    expect(sent).toEqual(['GetCommand']);
  });
});

describe('writes gathered into one request', () => {
  it('puts issued together become BatchWriteItems of at most 25; copies of one item are written once; a lone put stays a PutItem', async () => {
    const { info } = stack();
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const raw = new DynamoDBClient({ region: info.region, endpoint: info.dynamodb, credentials });
    const tableName = unique('coalesce-w');
    await ensureTable(raw, tableName);
    const doc = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials });
    const { counting, sent } = countingRequests(doc);
    const units: number[] = [];
    const writes = new CoalescedWrites({
      db: counting,
      table: tableName,
      capacity: () => ({ ReturnConsumedCapacity: 'INDEXES' }),
      onCapacity: (c) => units.push(...[c ?? []].flat().map((x) => x.CapacityUnits ?? 0)),
    });

    await Promise.all([...Array.from({ length: 30 }, (_, i) => writes.put({ pk: `W#${i}`, sk: 'X', n: i })), writes.put({ pk: 'W#3', sk: 'X', n: 3 })]);
    // 31 puts in one turn, 30 distinct items: chunks of 25 and 5 (the copy of W#3 is written once).
    expect(sent).toEqual(['BatchWriteCommand', 'BatchWriteCommand']);
    for (let i = 0; i < 30; i++) expect((await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `W#${i}`, sk: 'X' } }))).Item?.n).toBe(i);
    expect(units.reduce((a, b) => a + b, 0)).toBe(30);

    sent.length = 0;
    await writes.put({ pk: 'W#alone', sk: 'X' });
    expect(sent).toEqual(['PutCommand']);
  });
});
