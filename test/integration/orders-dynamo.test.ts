import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '#core/model';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { DynamoOrderLookup } from '#adapters/orders-dynamo';
import { demoOrdersAsOf, seedDemoOrders, writeOrders } from '#adapters/orders-seed';
import { ordersTableSchema } from '#definitions/table';
import { ensureTable } from '#local/dynamodb';
import { stack, unique } from './helpers';

const seededAt = new Date('2026-12-07T10:00:00Z');
const demo = demoOrdersAsOf(seededAt);
let raw: DynamoDBClient;
let db: DocumentClient;
let tableName: string;
let orders: DynamoOrderLookup;
let seeded: number;

beforeAll(async () => {
  const { info } = stack();
  raw = new DynamoDBClient({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  db = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  tableName = unique('orders');
  await ensureTable(raw, tableName, ordersTableSchema);
  orders = new DynamoOrderLookup(db, tableName);
  seeded = await seedDemoOrders(db, tableName, seededAt);
});

afterAll(async () => {
  await raw.send(new DeleteTableCommand({ TableName: tableName }));
  raw.destroy();
});

describe('DynamoOrderLookup with the demo orders', () => {
  it('seeding writes every demo order and returns the count', async () => {
    expect(seeded).toBe(12);
    for (const o of demo) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: { orderNumber: o.orderNumber }, ConsistentRead: true }));
      expect(out.Item).toEqual(o);
    }
  });

  it('a demo order is found with all its fields', async () => {
    const full = demo.find((o) => o.orderNumber === '100003')!;
    expect(Object.keys(full)).toHaveLength(9);
    expect(await orders.findOrder('100003')).toEqual(full);
    for (const o of demo) expect(await orders.findOrder(o.orderNumber)).toEqual(o);
  });

  it('an unknown order number returns undefined', async () => {
    expect(await orders.findOrder('999999')).toBeUndefined();
  });

  it('returns only the Order fields of an item that has more', async () => {
    const order: Order = { orderNumber: '200001', status: 'delivered', updatedAt: '2026-04-01T10:00:00Z' };
    await db.send(new PutCommand({ TableName: tableName, Item: { ...order, importedFrom: 'legacy-erp', totalTry: 1499.9 } }));
    expect(await orders.findOrder('200001')).toEqual(order);
  });

  it('a malformed item throws instead of being returned as an order', async () => {
    await db.send(new PutCommand({ TableName: tableName, Item: { orderNumber: '200002', status: 'lost', customerEmail: 'x@example.com' } }));
    await expect(orders.findOrder('200002')).rejects.toThrow(/200002.*malformed.*status.*updatedAt/);
  });

  it('writes more orders than one batch holds', async () => {
    const many: Order[] = Array.from({ length: 60 }, (_, i) => ({
      orderNumber: String(300000 + i),
      status: 'received',
      updatedAt: '2026-05-01T08:00:00Z',
    }));
    expect(await writeOrders(db, tableName, many)).toBe(60);
    expect(await orders.findOrder('300000')).toEqual(many[0]);
    expect(await orders.findOrder('300059')).toEqual(many[59]);
  });
});
