import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Order } from '#core/model';
import demoOrders from '#definitions/demo-orders.json';
import { parseOrder } from './orders-http';

/** BatchWriteItem's limit per request. */
const batchSize = 25;
/** Unprocessed items are retried this many times (with backoff) before the write gives up. */
const maxRetries = 8;

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } };

/** Writes the demo orders (lambdas/definitions/demo-orders.json) into the orders table; returns how many. */
export async function seedDemoOrders(db: DynamoDBDocumentClient, tableName: string): Promise<number> {
  const orders = demoOrders.map((o, i) => {
    const result = parseOrder(o);
    // The file is ours: a bad entry is a bug to see at once, not an order to store.
    if (!result.ok) throw new Error(`demo-orders.json entry ${i} is not a valid order (${result.problems})`);
    return result.order;
  });
  return writeOrders(db, tableName, orders);
}

/** Puts the orders in chunks of 25, retrying what DynamoDB leaves unprocessed (throttling). */
export async function writeOrders(db: DynamoDBDocumentClient, tableName: string, orders: readonly Order[]): Promise<number> {
  for (let start = 0; start < orders.length; start += batchSize) {
    let pending: WriteRequest[] = orders.slice(start, start + batchSize).map((o) => ({ PutRequest: { Item: { ...o } } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > maxRetries) {
        throw new Error(`seeding ${tableName}: ${pending.length} orders still unprocessed after ${maxRetries} retries`);
      }
      if (attempt > 0) await sleep(Math.min(50 * 2 ** attempt, 2000));
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    }
  }
  return orders.length;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
