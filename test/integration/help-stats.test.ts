import { QueryCommand } from '#adapters/aws/dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoHelpStats } from '#adapters/help-stats';
import { HELP_STATS } from '#adapters/table-keys';
import { SHARDS, tableSchema } from '#definitions/table';
import type { HelpStatRow } from '#helpcenter/deflection';
import { db } from './agent-helpers';
import { stack } from './helpers';

/** The help center's counters in DynamoDB Local, as the event route and the metrics use them. */
const stats = () => new DynamoHelpStats(db(), stack().info.tableName);
const rows = async (from: string, to: string) => {
  const out: HelpStatRow[] = [];
  for await (const r of stats().rowsBetween(from, to)) out.push(r);
  return out;
};

describe('the help center counters', () => {
  it('add up per article and day, and per query, and read back only the days asked for', async () => {
    const s = stats();
    const article = { kind: 'article', locale: 'tr', article: 'track-order' } as const;
    await s.add('2024-05-01', [{ ...article, add: { views: 1 } }]);
    await Promise.all([
      s.add('2024-05-01', [{ ...article, add: { views: 1, fromWidget: 1 } }]),
      s.add('2024-05-01', [{ ...article, add: { helpful: 1 } }]),
      s.add('2024-05-01', [{ kind: 'miss', locale: 'tr', query: 'hediye paketi' }]),
      s.add('2024-05-01', [{ kind: 'miss', locale: 'tr', query: 'hediye paketi' }]),
      s.add('2024-05-02', [{ ...article, add: { views: 1 } }]),
      s.add('2024-05-03', [{ ...article, add: { views: 5 } }]),
    ]);
    const found = await rows('2024-05-01', '2024-05-02');
    expect(found).toHaveLength(3);
    expect(found).toEqual(
      expect.arrayContaining([
        { kind: 'article', day: '2024-05-01', locale: 'tr', article: 'track-order', counts: { views: 2, fromWidget: 1, helpful: 1 } },
        { kind: 'article', day: '2024-05-02', locale: 'tr', article: 'track-order', counts: { views: 1 } },
        { kind: 'miss', day: '2024-05-01', locale: 'tr', query: 'hediye paketi', count: 2 },
      ]),
    );
  });

  it('are small items with no index key (no index entry is written), no visitor id, and a TTL', async () => {
    await stats().add('2024-06-01', [{ kind: 'article', locale: 'en', article: 'shipping-cost', add: { views: 1 } }]);
    const indexKeys: string[] = tableSchema.indexes.flatMap((i) => [i.partitionKey, i.sortKey]);
    const items = [];
    for (let shard = 0; shard < SHARDS.helpStats; shard++) {
      const out = await db().send(
        new QueryCommand({
          TableName: stack().info.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
          ExpressionAttributeValues: { ':pk': `${HELP_STATS}#${shard}`, ':day': '2024-06-01#' },
        }),
      );
      items.push(...(out.Items ?? []));
    }
    expect(items).toHaveLength(1);
    const item = items[0]!;
    expect(Object.keys(item).filter((k) => indexKeys.includes(k))).toEqual([]);
    expect(Object.keys(item).sort()).toEqual(['article', 'day', 'expiresAt', 'locale', 'pk', 'sk', 'type', 'views']);
    // 400 days after the day: longer than the longest metrics range (366 days).
    expect(item.expiresAt).toBe(Date.parse('2024-06-01T00:00:00Z') / 1000 + 400 * 86_400);
    expect(JSON.stringify(item).length).toBeLessThan(1024);
  });
});
