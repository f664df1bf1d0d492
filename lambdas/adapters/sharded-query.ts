import { QueryCommand, type DocumentClient } from '#adapters/aws/dynamodb';

type Item = Record<string, unknown>;

/** One view over its shards: the same Query on each shard's partition key of one index. */
export interface ShardedView {
  readonly index: string;
  readonly pkAttribute: string;
  readonly skAttribute: string;
  /** One partition key per shard. */
  readonly partitionKeys: readonly string[];
  readonly ascending: boolean;
  /** Inclusive bounds on the sort key (a prefix's range, a time range). */
  readonly range?: { readonly from: string; readonly to: string };
  /** A filter on non-key attributes; its names and values must not start with `:k`/`#k`. */
  readonly filter?: { readonly expression: string; readonly names?: Record<string, string>; readonly values?: Record<string, unknown> };
}

export interface MergedPage {
  readonly items: Item[];
  /** The sort key up to which the view is read (exclusive of what follows); null at the end. */
  readonly after: string | null;
}

/** DynamoDB orders string keys by their UTF-8 bytes; JavaScript's `<` compares UTF-16 units. */
export const compareKeys = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

interface Shard {
  readonly pk: string;
  buffer: Item[];
  start: Item | undefined;
  done: boolean;
  /** The sort key of the last item this shard's Queries evaluated: nothing unseen lies before it. */
  frontier: string | undefined;
}

/**
 * A page of a sharded view, in the view's order, as if it were one partition: a k-way merge of the
 * shards' Queries by the sort key. An item is taken only once every other shard is known to hold
 * nothing before it (its buffer is ahead, it is exhausted, or its Queries have evaluated past it).
 * Sort keys end in the ticket id, so they are unique across shards and one sort key is a complete
 * position in the whole view: the next page asks every shard for what lies strictly after it.
 *
 * At most `maxRounds` rounds of Queries (one per shard that must be read further, in parallel) fill a
 * page; a filtered view may return fewer items than asked, with a position to go on from.
 */
export async function mergeShards(doc: DocumentClient, table: string, view: ShardedView, limit: number, after?: string, maxRounds = 8): Promise<MergedPage> {
  const sk = view.skAttribute;
  const precedes = (a: string, b: string) => (view.ascending ? compareKeys(a, b) < 0 : compareKeys(a, b) > 0);
  const keyCondition = keyConditionOf(view, after);
  if (keyCondition.empty) return { items: [], after: null };
  const shards: Shard[] = view.partitionKeys.map((pk) => ({ pk, buffer: [], start: undefined, done: false, frontier: undefined }));
  const out: Item[] = [];

  const read = async (shard: Shard) => {
    const res = await doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: view.index,
        KeyConditionExpression: keyCondition.expression,
        ExpressionAttributeNames: { ...keyCondition.names, ...view.filter?.names },
        ExpressionAttributeValues: { ...keyCondition.values, ':kpk': shard.pk, ...view.filter?.values },
        ...(view.filter ? { FilterExpression: view.filter.expression } : {}),
        ScanIndexForward: view.ascending,
        Limit: readSize(limit - out.length, shards.length, view.filter !== undefined),
        ...(shard.start ? { ExclusiveStartKey: shard.start } : {}),
      }),
    );
    // BETWEEN includes its bound: the item at the position was on an earlier page.
    shard.buffer.push(...(res.Items ?? []).filter((i) => i[sk] !== after));
    shard.start = res.LastEvaluatedKey;
    shard.done = !res.LastEvaluatedKey;
    if (res.LastEvaluatedKey) shard.frontier = res.LastEvaluatedKey[sk] as string;
  };

  let rounds = 0;
  let behind: Shard[] = [];
  while (true) {
    if (out.length === limit) {
      // A full page is the last only if no shard holds more: ask the unread ones for one more item.
      const open = shards.filter((s) => !s.done && !s.buffer.length);
      if (shards.some((s) => s.buffer.length) || !open.length || rounds === maxRounds) break;
      rounds++;
      await Promise.all(open.map(read));
      continue;
    }
    let best: Shard | undefined;
    for (const s of shards) if (s.buffer.length && (!best || precedes(s.buffer[0]![sk] as string, best.buffer[0]![sk] as string))) best = s;
    const head = best?.buffer[0]![sk] as string | undefined;
    behind = shards.filter((s) => !s.buffer.length && !s.done && (s.frontier === undefined || head === undefined || precedes(s.frontier, head)));
    if (behind.length) {
      if (rounds === maxRounds) break;
      rounds++;
      await Promise.all(behind.map(read));
      continue;
    }
    if (!best) break;
    out.push(best.buffer.shift()!);
  }

  if (out.length < limit && behind.length) {
    // Out of rounds: everything before the least-read shard's frontier is settled.
    const frontiers = behind.map((s) => s.frontier!).sort((a, b) => (precedes(a, b) ? -1 : 1));
    return { items: out, after: frontiers[0]! };
  }
  const exhausted = shards.every((s) => s.done && !s.buffer.length);
  return { items: out, after: exhausted || !out.length ? null : (out.at(-1)![sk] as string) };
}

/**
 * Entries a filtered view's Query reads at least: the views' index entries are small (keys and a few
 * filter attributes, about 150 bytes), and a Query is charged per started 4 KB it reads, so reading
 * this many costs what reading one does, while a filter keeping a third of them still fills a page
 * of 25 in about one round.
 */
export const FILTERED_READ = 24;

/**
 * What one shard's Query reads: twice its share of what the page still needs, plus a little, so an
 * even spread fills the page in one round reading about twice what it returns (not shards-times);
 * a shard that holds more of the page is read again in the next round. A filter keeps an unknown
 * share of what is read, so a filtered view reads at least FILTERED_READ (never more than the page needs).
 */
export const readSize = (needed: number, shards: number, filtered = false): number => {
  const share = Math.ceil((needed / shards) * 2) + 2;
  return Math.max(1, Math.min(needed, filtered ? Math.max(share, FILTERED_READ) : share));
};

/** The key condition of every shard's Query: the shard's key, the range, and strictly after the position. */
function keyConditionOf(view: ShardedView, after: string | undefined) {
  const names = { '#kpk': view.pkAttribute, '#ksk': view.skAttribute };
  const base = '#kpk = :kpk';
  if (view.range) {
    // One condition per sort key: the position narrows the range, and the item at it is dropped.
    const from = after !== undefined && view.ascending ? after : view.range.from;
    const to = after !== undefined && !view.ascending ? after : view.range.to;
    // A position past the range's end leaves nothing (and BETWEEN would refuse reversed bounds).
    const empty = compareKeys(from, to) > 0;
    return { expression: `${base} AND #ksk BETWEEN :kfrom AND :kto`, names, values: { ':kfrom': from, ':kto': to }, empty };
  }
  if (after === undefined) return { expression: base, names: { '#kpk': view.pkAttribute }, values: {}, empty: false };
  return { expression: `${base} AND #ksk ${view.ascending ? '>' : '<'} :kafter`, names, values: { ':kafter': after }, empty: false };
}

/** Every item of a sharded view, in order, a page of merged Queries at a time. */
export async function* allOfShards(doc: DocumentClient, table: string, view: ShardedView, pageSize = 500): AsyncIterable<Item> {
  let after: string | undefined;
  do {
    const page = await mergeShards(doc, table, view, pageSize, after, Number.POSITIVE_INFINITY);
    yield* page.items;
    after = page.after ?? undefined;
  } while (after !== undefined);
}
