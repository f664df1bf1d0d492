import { describe, expect, it } from 'vitest';
import { keys, ticketIdOfPartitionKey } from '#adapters/table-keys';
import { changeFeedDefinitions } from '#definitions/change-feed';
import { matchesFilters } from '#local/event-filter';

/** A KEYS_ONLY stream record of an item, as Lambda's filter sees it. */
const recordOf = (key: { pk: string; sk: string }, eventName = 'INSERT') => ({ eventName, dynamodb: { Keys: { pk: { S: key.pk }, sk: { S: key.sk } } } });
const { filters } = changeFeedDefinitions.ticketChanges;

describe("the ticket change feed's filter", () => {
  it('lets ticket and interaction items through, written, changed or removed', () => {
    for (const eventName of ['INSERT', 'MODIFY', 'REMOVE']) {
      expect(matchesFilters(recordOf(keys.ticket('10234'), eventName), filters)).toBe(true);
      expect(matchesFilters(recordOf(keys.interaction('10234', '2026-12-07T03:00:00.000Z#m1')), filters)).toBe(true);
    }
  });

  it('keeps every other item out, so their writes invoke nothing', () => {
    for (const key of [
      keys.customer('c1'),
      keys.identity('email', 'a@b.c'),
      keys.thread('chat', 'conv'),
      keys.message('m1'),
      keys.ticketCounter(3),
      keys.replyGuard('10234', 'k'),
      keys.csat('10234'),
      keys.merge('c1'),
      keys.agentConnection('conn1'),
    ]) {
      expect(matchesFilters(recordOf(key), filters), key.pk).toBe(false);
    }
  });

  it("reads the ticket id back from the changed item's keys, as the push does", () => {
    expect(ticketIdOfPartitionKey(keys.ticket('10234').pk)).toBe('10234');
    expect(ticketIdOfPartitionKey(keys.interaction('10235', 'x').pk)).toBe('10235');
    expect(ticketIdOfPartitionKey(keys.csat('10234').pk)).toBeUndefined();
    expect(ticketIdOfPartitionKey(undefined)).toBeUndefined();
  });

  it('the local filter refuses a rule it does not know rather than matching differently from Lambda', () => {
    expect(() => matchesFilters({ a: 1 }, [{ a: [{ numeric: ['>', 0] }] }])).toThrow(/unsupported/);
  });
});

describe("the shop events' change feed filter", () => {
  const { filters: shop } = changeFeedDefinitions.shopEvents;
  const withImage = (key: { pk: string; sk: string }, image: Record<string, unknown>) => ({
    eventName: 'MODIFY',
    dynamodb: { Keys: { pk: { S: key.pk }, sk: { S: key.sk } }, NewImage: image },
  });

  it('lets every ticket and timeline item through, and customer profiles only once merged or erased', () => {
    expect(matchesFilters(recordOf(keys.ticket('10234')), shop)).toBe(true);
    expect(matchesFilters(recordOf(keys.interaction('10234', 'x')), shop)).toBe(true);
    expect(matchesFilters(withImage(keys.customer('c1'), { mergedInto: { S: 'c2' } }), shop)).toBe(true);
    expect(matchesFilters(withImage(keys.customer('c1'), { erasedAt: { S: '2026-12-07T00:00:00Z' } }), shop)).toBe(true);
    expect(matchesFilters(withImage(keys.customer('c1'), { name: { S: 'Ali' } }), shop)).toBe(false);
  });

  it('keeps the busy items out: identities, messages, counters, connections', () => {
    for (const key of [keys.identity('email', 'a@b.c'), keys.message('m1'), keys.ticketCounter(3), keys.agentConnection('c'), keys.thread('chat', 'x')]) {
      expect(matchesFilters(recordOf(key), shop), key.pk).toBe(false);
    }
  });
});
