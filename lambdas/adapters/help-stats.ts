import { type DocumentClient, QueryCommand, UpdateCommand } from '#adapters/aws/dynamodb';
import type { HelpStats } from '#agent/ports';
import { SHARDS } from '#definitions/table';
import { ARTICLE_COUNTERS, type HelpEvent, type HelpStatRow } from '#helpcenter/deflection';
import { HELP_STATS, helpStatKey } from './table-keys';

/** Counters outlive the longest metrics range (366 days), then TTL deletes them for free. */
const KEEP_SECONDS = 400 * 86_400;

/**
 * The help center's counters: one small item per article (or no-result query) per day and locale,
 * each event one UpdateItem ADD (1 write unit: the items stay far below 1 KB). No visitor id, IP or
 * time of the event is stored. The items carry no index key, so no index entry is written, and their
 * partition is not a ticket's, so the change feed's filter drops them.
 */
export class DynamoHelpStats implements HelpStats {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  async add(day: string, events: readonly HelpEvent[]): Promise<void> {
    const expiresAt = Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + KEEP_SECONDS;
    await Promise.all(events.map((e) => this.db.send(new UpdateCommand({ TableName: this.table, ...update(day, e, expiresAt) }))));
  }

  async *rowsBetween(fromDay: string, toDay: string): AsyncIterable<HelpStatRow> {
    for (let shard = 0; shard < SHARDS.helpStats; shard++) {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await this.db.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': `${HELP_STATS}#${shard}`, ':from': `${fromDay}#`, ':to': `${toDay}#~` },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of out.Items ?? []) {
          const row = rowOf(item);
          if (row) yield row;
        }
        start = out.LastEvaluatedKey;
      } while (start);
    }
  }
}

function update(day: string, e: HelpEvent, expiresAt: number) {
  const common = { '#type': 'type', '#day': 'day', '#locale': 'locale', '#expires': 'expiresAt' };
  const commonValues = { ':type': 'helpStat', ':day': day, ':locale': e.locale, ':expires': expiresAt };
  if (e.kind === 'miss') {
    return {
      Key: helpStatKey(day, { query: e.query }, e.locale),
      UpdateExpression: 'ADD #misses :one SET #type = :type, #day = :day, #locale = :locale, #query = :query, #expires = :expires',
      ExpressionAttributeNames: { ...common, '#misses': 'misses', '#query': 'query' },
      ExpressionAttributeValues: { ...commonValues, ':one': 1, ':query': e.query },
    };
  }
  const counters = ARTICLE_COUNTERS.filter((c) => e.add[c]);
  return {
    Key: helpStatKey(day, { article: e.article }, e.locale),
    UpdateExpression: `ADD ${counters.map((c) => `#${c} :${c}`).join(', ')} SET #type = :type, #day = :day, #locale = :locale, #article = :article, #expires = :expires`,
    ExpressionAttributeNames: { ...common, '#article': 'article', ...Object.fromEntries(counters.map((c) => [`#${c}`, c])) },
    ExpressionAttributeValues: { ...commonValues, ':article': e.article, ...Object.fromEntries(counters.map((c) => [`:${c}`, e.add[c]])) },
  };
}

function rowOf(item: Record<string, unknown>): HelpStatRow | undefined {
  const day = String(item.day);
  const locale = String(item.locale);
  if (typeof item.query === 'string') return { kind: 'miss', day, locale, query: item.query, count: Number(item.misses ?? 0) };
  if (typeof item.article !== 'string') return undefined;
  const counts = Object.fromEntries(ARTICLE_COUNTERS.filter((c) => typeof item[c] === 'number').map((c) => [c, item[c] as number]));
  return { kind: 'article', day, locale, article: item.article, counts };
}
