import * as z from 'zod/mini';
import { QueryCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import { ValidationError } from '#core/errors';
import type { Ticket } from '#core/model';
import type { Page } from '#core/ports';
import type { TicketSearch, TicketSearchQuery } from '#core/search';
import { fullItems } from './full-items';
import { fromItem, keys } from './table-keys';
import { monthOf, postingPartition, ticketIdOfPosting } from './search-keys';

/** Postings read per Query: a page of results usually comes from the first read of each term. */
const FIRST_CHUNK = 200;
const NEXT_CHUNK = 500;
/** Months read at once while looking for matches (rare terms spread over many months). */
const MONTHS_AHEAD = 4;
/** How far back a search without a start date looks. */
export const DEFAULT_HORIZON_MONTHS = 36;
/** 'best': the newest this many matches are ranked (ranking everything would read every posting). */
export const BEST_WINDOW = 200;

interface Match {
  readonly sk: string;
  readonly ticketId: string;
  readonly score: number;
}

/** A term's postings in one month, newest first, read a chunk at a time. */
class PostingList {
  private start: Record<string, unknown> | undefined;
  done = false;
  readonly seen = new Map<string, number>();
  oldest: string | undefined;

  constructor(
    private readonly doc: DocumentClient,
    private readonly table: string,
    readonly pk: string,
    private readonly low: string,
    private readonly high: string,
    private readonly exclude: string | undefined,
  ) {}

  async read(limit: number): Promise<{ sk: string; w: number }[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': this.pk, ':low': this.low, ':high': this.high },
        ProjectionExpression: 'sk, w',
        ScanIndexForward: false,
        Limit: limit,
        ...(this.start ? { ExclusiveStartKey: this.start } : {}),
      }),
    );
    this.start = out.LastEvaluatedKey;
    this.done = !this.start;
    const items = ((out.Items ?? []) as { sk: string; w: number }[]).filter((i) => i.sk !== this.exclude);
    for (const i of items) this.seen.set(i.sk, i.w);
    if (items.length) this.oldest = items[items.length - 1]!.sk;
    return items;
  }

  /** Whether this list has `sk`, when what was read already tells (undefined: ask the table). */
  knows(sk: string): number | false | undefined {
    const w = this.seen.get(sk);
    if (w !== undefined) return w;
    if (this.done || (this.oldest !== undefined && sk > this.oldest)) return false;
    return undefined;
  }
}

const cursorSchema = z.union([
  z.strictObject({ m: z.string().check(z.regex(/^\d{4}-\d{2}$/)), k: z.string().check(z.maxLength(200)) }),
  z.strictObject({ o: z.number().check(z.int(), z.minimum(0), z.maximum(BEST_WINDOW)) }),
]);

const badCursor = () => new ValidationError('cursor is not valid', [{ path: 'cursor', message: 'not a cursor of this search' }]);

function decode(cursor: string | undefined): z.infer<typeof cursorSchema> | undefined {
  if (!cursor) return undefined;
  if (cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {}
  throw badCursor();
}

const encode = (c: z.infer<typeof cursorSchema>) => Buffer.from(JSON.stringify(c)).toString('base64url');

/** The months from `newest` back to `oldest`, both 'yyyy-mm'. */
export function monthsBack(newest: string, oldest: string): string[] {
  const out: string[] = [];
  let [y, m] = newest.split('-').map(Number) as [number, number];
  for (let month = newest; month >= oldest && out.length < 1200; ) {
    out.push(month);
    m--;
    if (m === 0) (m = 12), y--;
    month = `${y}-${String(m).padStart(2, '0')}`;
  }
  return out;
}

/**
 * The default engine's reader. Per month (newest first) it reads every term's first postings, takes
 * the rarest term's list as the driver (the one that ended first, else the one reaching furthest
 * back), and checks each of its tickets against the other terms: from what was read when that
 * tells, else by key (BatchGetItem). Matching tickets are read whole and filtered by status and channel.
 */
export class DynamoTicketSearch implements TicketSearch {
  constructor(
    private readonly doc: DocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
    private readonly horizonMonths = DEFAULT_HORIZON_MONTHS,
  ) {}

  async search(q: TicketSearchQuery): Promise<Page<Ticket>> {
    const cursor = decode(q.cursor);
    if (!q.terms.length) return { items: [], next: null };
    if (q.sort === 'best') {
      if (cursor && !('o' in cursor)) throw badCursor();
      const offset = cursor && 'o' in cursor ? cursor.o : 0;
      // Without a status or channel filter the window is ranked from the postings alone; only the page's tickets are read.
      const filtered = Boolean(q.status || q.channel);
      const { found } = await this.newest(q, BEST_WINDOW, undefined, filtered);
      const ranked = found.sort((a, b) => b.match.score - a.match.score || (a.match.sk < b.match.sk ? 1 : -1));
      const page = ranked.slice(offset, offset + q.limit);
      const end = offset + page.length;
      const tickets = filtered ? undefined : await this.tickets(page.map((f) => f.match));
      const items = page.map((f) => f.ticket ?? tickets?.get(f.match.ticketId)).filter((t): t is Ticket => t !== undefined);
      return { items, next: end < ranked.length ? encode({ o: end }) : null };
    }
    if (cursor && !('m' in cursor)) throw badCursor();
    const { found, more } = await this.newest(q, q.limit, cursor);
    const last = found[found.length - 1];
    return { items: found.map((f) => f.ticket!), next: more && last ? encode({ m: monthOf(last.match.sk), k: last.match.sk }) : null };
  }

  /** Up to `limit` matching tickets, newest first, after `after`; `more` when the search stopped with matches left. */
  private async newest(q: TicketSearchQuery, limit: number, after: { m: string; k: string } | undefined, withTickets = true) {
    const newestMonth = monthOf(after?.m ?? q.to ?? this.now().toISOString());
    const oldestMonth = q.from ? monthOf(q.from) : monthsBack(monthOf(this.now().toISOString()), '0000-00')[this.horizonMonths - 1]!;
    const months = monthsBack(newestMonth, oldestMonth);
    const found: { ticket: Ticket | undefined; match: Match }[] = [];
    const walks = months.map((month) => {
      const high = after && month === after.m ? after.k : (q.to ?? '~');
      return () => this.monthWalk(q.terms, month, q.from ?? '0', high, after && month === after.m ? after.k : undefined);
    });
    const filtered = Boolean(q.status || q.channel);
    // Each month's walk starts (its first reads sent) a few months before it is consumed: rare terms need many months, read together.
    const started: { walk: AsyncGenerator<Match[]>; first: Promise<IteratorResult<Match[]>> }[] = [];
    for (let i = 0; i < walks.length; i++) {
      while (started.length < Math.min(walks.length, i + MONTHS_AHEAD)) {
        const walk = walks[started.length]!();
        const first = walk.next();
        first.catch(() => {}); // awaited below when its turn comes; not an unhandled rejection meanwhile
        started.push({ walk, first });
      }
      const { walk, first } = started[i]!;
      for (let chunk = await first; !chunk.done; chunk = await walk.next()) {
        // Tickets are read only as many as the page still needs (and one more, to know there are more);
        // under a filter some are left out, so a few more at a time.
        for (let at = 0; at < chunk.value.length; ) {
          const wanted = limit + 1 - found.length;
          const slice = chunk.value.slice(at, at + (filtered ? Math.max(2 * wanted, 50) : wanted));
          at += slice.length;
          const tickets = withTickets ? await this.tickets(slice) : undefined;
          for (const m of slice) {
            const t = tickets?.get(m.ticketId);
            if (tickets && (!t || (q.status && t.status !== q.status) || (q.channel && t.channel !== q.channel))) continue;
            if (found.length === limit) return { found, more: true };
            found.push({ ticket: t, match: m });
          }
        }
      }
    }
    return { found, more: false };
  }

  private async tickets(matches: readonly Match[]): Promise<Map<string, Ticket>> {
    const items = await fullItems(
      this.doc,
      this.table,
      matches.map((m) => keys.ticket(m.ticketId)),
    );
    return new Map(items.map((i) => [String(i.pk).slice('TICKET#'.length), fromItem<Ticket>(i)]));
  }

  /** One month's matches, newest first, a chunk at a time. */
  private async *monthWalk(terms: readonly string[], month: string, low: string, high: string, exclude: string | undefined): AsyncGenerator<Match[]> {
    const lists = terms.map((t) => new PostingList(this.doc, this.table, postingPartition(t, month), low, high, exclude));
    const first = await Promise.all(lists.map((l) => l.read(FIRST_CHUNK)));
    // The driver: the shortest list that ended, else the one whose first chunk reaches oldest (the sparsest).
    let d = 0;
    for (let i = 1; i < lists.length; i++) {
      const [a, b] = [lists[i]!, lists[d]!];
      const better = a.done ? !b.done || first[i]!.length < first[d]!.length : !b.done && (a.oldest ?? '~') < (b.oldest ?? '~');
      if (better) d = i;
    }
    const driver = lists[d]!;
    const others = lists.filter((_, i) => i !== d);
    for (let chunk = first[d]!; chunk.length; chunk = driver.done ? [] : await driver.read(NEXT_CHUNK)) {
      const matches = await this.verify(chunk, others);
      if (matches.length) yield matches;
    }
  }

  /** The driver's postings every other term also has, with their summed weights. */
  private async verify(chunk: readonly { sk: string; w: number }[], others: readonly PostingList[]): Promise<Match[]> {
    const scores = new Map(chunk.map((p) => [p.sk, p.w]));
    for (const list of others) {
      const unknown: { pk: string; sk: string }[] = [];
      for (const sk of scores.keys()) {
        const w = list.knows(sk);
        if (w === false) scores.delete(sk);
        else if (w === undefined) unknown.push({ pk: list.pk, sk });
        else scores.set(sk, scores.get(sk)! + w);
      }
      if (!unknown.length) continue;
      const found = new Map((await fullItems(this.doc, this.table, unknown, ['w'])).map((i) => [String(i.sk), Number(i.w)]));
      for (const { sk } of unknown) {
        const w = found.get(sk);
        if (w === undefined) scores.delete(sk);
        else scores.set(sk, scores.get(sk)! + w);
      }
    }
    return [...scores].map(([sk, score]) => ({ sk, ticketId: ticketIdOfPosting(sk), score }));
  }
}
