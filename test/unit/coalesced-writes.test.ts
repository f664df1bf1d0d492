import { describe, expect, it } from 'vitest';
import type { BatchWriteCommand, DocumentClient, WriteRequest } from '#adapters/aws/dynamodb';
import { CoalescedWrites } from '#adapters/coalesced-writes';

/** A client that leaves the last item of each batch unprocessed, `times` times. */
function throttling(times: number) {
  const batches: number[] = [];
  let left = times;
  const db = {
    send: async (command: BatchWriteCommand) => {
      const items = command.input.RequestItems.t as WriteRequest[];
      batches.push(items.length);
      if (left-- > 0) return { UnprocessedItems: { t: items.slice(-1) } };
      return {};
    },
  } as unknown as DocumentClient;
  return { db, batches };
}

describe('coalesced writes', () => {
  it('items DynamoDB leaves unprocessed are sent again until none is left', async () => {
    const { db, batches } = throttling(2);
    const writes = new CoalescedWrites({ db, table: 't', capacity: () => ({}), onCapacity: () => {} });
    await Promise.all([writes.put({ pk: 'a', sk: 'x' }), writes.put({ pk: 'b', sk: 'x' })]);
    expect(batches).toEqual([2, 1, 1]);
  });

  it('items still unprocessed after eight attempts fail every writer of the batch, with a clear error', async () => {
    const { db } = throttling(100);
    const writes = new CoalescedWrites({ db, table: 't', capacity: () => ({}), onCapacity: () => {} });
    const both = [writes.put({ pk: 'a', sk: 'x' }), writes.put({ pk: 'b', sk: 'x' })];
    await expect(both[0]).rejects.toThrow('BatchWriteItem: 1 items still unprocessed after 8 attempts');
    await expect(both[1]).rejects.toThrow('still unprocessed');
  }, 20_000);
});
