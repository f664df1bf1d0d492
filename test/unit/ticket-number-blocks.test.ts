import type { DocumentClient } from '#adapters/aws/dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoStore } from '#adapters/dynamo-store';
import { SHARDS } from '#definitions/table';

/** A counter table in memory whose writes can be made to fail. */
function counterDb(failWrites: Set<number>) {
  const values = new Map<string, number>();
  let writes = 0;
  const db = {
    send: async (command: { input: { Key: { pk: string }; ExpressionAttributeValues: { ':block': number } } }) => {
      const n = ++writes;
      await new Promise((r) => setTimeout(r, 5));
      if (failWrites.has(n)) throw new Error(`write ${n} throttled`);
      const { pk } = command.input.Key;
      const value = (values.get(pk) ?? 0) + command.input.ExpressionAttributeValues[':block'];
      values.set(pk, value);
      return { Attributes: { value } };
    },
  };
  return { db: db as unknown as DocumentClient, writes: () => writes };
}

describe('ticket numbers in blocks', () => {
  it('a burst of 25 callers takes three blocks of ten and gets 25 distinct numbers', async () => {
    const { db, writes } = counterDb(new Set());
    const store = new DynamoStore(db, { tableName: 't', ticketNumberStart: 1000 });
    const numbers = await Promise.all(Array.from({ length: 25 }, () => store.allocateTicketNumber()));
    expect(new Set(numbers).size).toBe(25);
    expect(writes()).toBe(3);
    // The five left over serve the next callers without a write.
    await Promise.all(Array.from({ length: 5 }, () => store.allocateTicketNumber()));
    expect(writes()).toBe(3);
    expect(Math.max(...numbers)).toBeLessThan(1000 + 10 * SHARDS.ticketCounter * 2);
  });

  it('a failed counter write fails only the callers no other block covers; the others get numbers', async () => {
    const { db } = counterDb(new Set([2]));
    const store = new DynamoStore(db, { tableName: 't', ticketNumberStart: 1000 });
    const outcomes = await Promise.allSettled(Array.from({ length: 25 }, () => store.allocateTicketNumber()));
    const failed = outcomes.filter((o) => o.status === 'rejected');
    const numbers = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    // Block 1 serves ten, block 3 ten more: five are left with none and fail.
    expect(failed).toHaveLength(5);
    expect(String((failed[0] as PromiseRejectedResult).reason)).toContain('throttled');
    expect(new Set(numbers).size).toBe(20);
    // The instance recovers: the next caller takes a new block.
    expect(await store.allocateTicketNumber()).toBeGreaterThanOrEqual(1000);
  });
});
