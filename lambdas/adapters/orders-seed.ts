import { BatchWriteCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import type { Order } from '#core/model';
import demoOrders from '#definitions/demo-orders.json';
import { parseOrder } from './orders-http';

/** BatchWriteItem's limit per request. */
const batchSize = 25;
/** Unprocessed items are retried this many times (with backoff) before the write gives up. */
const maxRetries = 8;

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } };

/** A demo order as the file holds it: dates are offsets in days from the day of seeding. */
type DemoOrderEntry = (typeof demoOrders)[number];

const dayMs = 86_400_000;

/**
 * The demo orders (lambdas/definitions/demo-orders.json) with their dates resolved against `now`, so an
 * order in transit always promises a delivery from today on and was last updated in the past.
 */
export function demoOrdersAsOf(now: Date): Order[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const day = (offset: number) => new Date(today + offset * dayMs).toISOString().slice(0, 10);
  return demoOrders.map((entry: DemoOrderEntry, i) => {
    const { estimatedDeliveryInDays, updatedDaysAgo, updatedAtTime, ...rest } = entry as DemoOrderEntry & { estimatedDeliveryInDays?: number };
    const updatedAt = new Date(`${day(-updatedDaysAgo)}T${updatedAtTime}`);
    const resolved = {
      ...rest,
      ...(estimatedDeliveryInDays === undefined ? {} : { estimatedDelivery: day(estimatedDeliveryInDays) }),
      // An update "later today" would lie in the future before that hour: it happened now at the latest.
      updatedAt: (updatedAt > now ? now : updatedAt).toISOString().replace('.000Z', 'Z'),
    };
    const result = parseOrder(resolved);
    // The file is ours: a bad entry is a bug to see at once, not an order to store.
    if (!result.ok) throw new Error(`demo-orders.json entry ${i} is not a valid order (${result.problems})`);
    return result.order;
  });
}

/** Writes the demo orders, dated relative to `now`, into the orders table; returns how many. */
export async function seedDemoOrders(db: DocumentClient, tableName: string, now = new Date()): Promise<number> {
  return writeOrders(db, tableName, demoOrdersAsOf(now));
}

/** Puts the orders in chunks of 25, retrying what DynamoDB leaves unprocessed (throttling). */
export async function writeOrders(db: DocumentClient, tableName: string, orders: readonly Order[]): Promise<number> {
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
