import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand } from '#adapters/aws/dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAgentStore } from '#adapters/agent-store';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { compareKeys, mergeShards } from '#adapters/sharded-query';
import { keys, ticketItem, viewShard, viewShardKeys, views } from '#adapters/table-keys';
import type { TicketQuery } from '#agent/ports';
import { computeMetrics, ticketFacts, type TicketFacts } from '#agent/metrics';
import { ValidationError } from '#core/errors';
import type { Channel } from '#core/messages';
import type { Priority, Ticket, TicketStatus } from '#core/model';
import { SHARDS } from '#definitions/table';
import { ensureTable } from '#local/dynamodb';
import { http, stack, unique } from './helpers';

/**
 * The ticket views are merges of SHARDS.ticketViews partitions per view. These tests write tickets of
 * their own into a table of their own in DynamoDB Local and read them back through the agent store,
 * page by page, against what a single sorted list says they must be.
 */
let store: DynamoAgentStore;
let db: ReturnType<typeof createDocumentClient>;
let tableName: string;
const START = 10001;

const channels: Channel[] = ['chat', 'email', 'whatsapp'];
const priorities: Priority[] = ['urgent', 'high', 'normal', 'low'];
const intents = ['track_order', 'get_refund', 'complaint'];
const RANK = { urgent: 0, high: 1, normal: 2, low: 3 } as const;

function ticket(n: number): Ticket {
  const status: TicketStatus = n % 5 === 0 ? 'pending' : 'open';
  // Months 2026-01 and 2026-02; several tickets share an update time (the id breaks the tie).
  const created = new Date(Date.UTC(2026, 0, 20 + (n % 23), 8, n % 60)).toISOString();
  const updated = new Date(Date.UTC(2026, 2, 1, 9, Math.floor(n / 3))).toISOString();
  return {
    id: String(n),
    number: n,
    status,
    priority: priorities[n % 4]!,
    channel: channels[n % 3]!,
    customerId: `c_${n}`,
    conversationKey: `conv-${n}`,
    locale: 'tr',
    createdAt: created,
    updatedAt: updated,
    lastInboundAt: updated,
    firstResponseDueAt: new Date(Date.UTC(2026, 2, 2, n % 24)).toISOString(),
    interactionCount: 1 + (n % 3),
    version: 1,
    ...(n % 11 ? { classification: { lang: 'tr', intent: intents[Math.floor(n / 2) % 3]!, confidence: 0.9 } as Ticket['classification'] } : {}),
    ...(n % 7 === 0 ? { slaBreachedAt: updated } : {}),
    // The facts the metrics read, in every combination the arithmetic distinguishes.
    ...(n % 2 ? { firstResponseAt: new Date(Date.parse(created) + (n % 90) * 60_000).toISOString(), firstResponder: n % 4 === 1 ? 'bot' : 'human' } : {}),
    ...(n % 4 === 1 ? { firstResolvedAt: updated, resolvedAt: updated } : {}),
    ...(n % 8 === 1 ? { reopenCount: 1 } : {}),
    ...(n % 6 === 1 ? { agentReplies: 2 } : {}),
    ...(n % 5 === 1 ? { csat: { score: 1 + (n % 5), comment: 'x'.repeat(n % 40), at: updated } } : {}),
  };
}

/** A ticket as written before byCreated held the metric facts: its facts come from the whole item. */
function writtenBeforeFacts(item: Record<string, unknown>): Record<string, unknown> {
  const { singleContact: _s, agentReplied: _a, csatScore: _c, ...rest } = item;
  return rest;
}

/** A ticket as written when the channel and intent views were indexes of their own: keyed in gsi5pk and gsi6pk, no `intent`. */
function writtenWithViewKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { intent, ...rest } = item;
  const shard = viewShard(String(item.id));
  return {
    ...rest,
    gsi5pk: `CHANNEL#${item.channel}#${item.status}#${shard}`,
    ...(intent ? { gsi6pk: `INTENT#${intent}#${item.status}#${shard}` } : {}),
  };
}

const writtenBefore = (t: Ticket) => t.number % 9 === 0;
const writtenWithKeys = (t: Ticket) => t.number % 4 === 2;

function stored(t: Ticket): Record<string, unknown> {
  let item = ticketItem(t);
  if (writtenBefore(t)) item = writtenBeforeFacts(item);
  if (writtenWithKeys(t)) item = writtenWithViewKeys(item);
  return item;
}

const tickets = Array.from({ length: 90 }, (_, i) => ticket(START + i));

beforeAll(async () => {
  const { info } = stack();
  const raw = new DynamoDBClient({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  tableName = unique('shards');
  await ensureTable(raw, tableName);
  db = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  store = new DynamoAgentStore(db, { tableName, ticketNumberStart: START });
  for (let i = 0; i < tickets.length; i += 25) {
    await db.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName]: tickets.slice(i, i + 25).map((t) => ({ PutRequest: { Item: stored(t) } })),
        },
      }),
    );
  }
});

/** Every page of a view, with the page size given. */
async function readAll(q: Omit<TicketQuery, 'limit' | 'cursor'>, limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.queryTickets({ ...q, limit, ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((t) => t.id));
    cursor = page.next ?? undefined;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages };
}

const byKey = (key: (t: Ticket) => string, ascending: boolean) => (a: Ticket, b: Ticket) => (ascending ? 1 : -1) * compareKeys(key(a), key(b));
const updatedKey = (t: Ticket) => `${t.updatedAt}#${t.id}`;
const queueKey = (t: Ticket) => `${RANK[t.priority]}#${t.firstResponseDueAt}#${t.id}`;
const expected = (filter: (t: Ticket) => boolean, key: (t: Ticket) => string, ascending: boolean) =>
  tickets
    .filter(filter)
    .sort(byKey(key, ascending))
    .map((t) => t.id);

describe('ticket views over sharded index partitions', () => {
  it('spreads the tickets over every shard', () => {
    expect(new Set(tickets.map((t) => viewShard(t.id))).size).toBe(SHARDS.ticketViews);
    expect(ticketItem(tickets[0]!).gsi1pk).toBe(`STATUS#${tickets[0]!.status}#${viewShard(tickets[0]!.id)}`);
  });

  it('lists every ticket of a status, newest update first, across shards and pages, none twice', async () => {
    const want = expected((t) => t.status === 'open', updatedKey, false);
    expect(want.length).toBeGreaterThan(60);
    for (const limit of [7, 25, 100]) {
      const { ids, pages } = await readAll({ status: 'open', sort: 'updated' }, limit);
      expect(ids, `pages of ${limit}`).toEqual(want);
      expect(pages).toBe(Math.ceil(want.length / limit));
    }
  });

  it('ends every list with no cursor, also when the last page is exactly full', async () => {
    const open = expected((t) => t.status === 'open', updatedKey, false);
    const email = expected((t) => t.status === 'open' && t.channel === 'email', updatedKey, false);
    const queue = expected((t) => t.status === 'pending', queueKey, true);
    for (const [q, want] of [
      [{ status: 'open', sort: 'updated' }, open],
      [{ status: 'open', sort: 'updated', channel: 'email' }, email],
      [{ status: 'pending', sort: 'priority' }, queue],
    ] as const) {
      const whole = await store.queryTickets({ ...q, limit: want.length });
      expect(whole.items.map((t) => t.id)).toEqual(want);
      expect(whole.next, `${JSON.stringify(q)}: one full page`).toBeNull();
      const half = want.length / 2;
      if (Number.isInteger(half)) expect(await readAll(q, half), `${JSON.stringify(q)}: two full pages`).toEqual({ ids: want, pages: 2 });
    }
    // One shard read whole: its Query stops at the page's size, so DynamoDB cannot tell it is the end.
    const shards = viewShardKeys(views.status('open'));
    for (const [i, pk] of shards.entries()) {
      const count = tickets.filter((t) => t.status === 'open' && viewShard(t.id) === i).length;
      const page = await mergeShards(
        db,
        tableName,
        { index: 'byStatus', pkAttribute: 'gsi1pk', skAttribute: 'gsi1sk', partitionKeys: [pk], ascending: false },
        count,
      );
      expect(page.items, pk).toHaveLength(count);
      expect(page.after, pk).toBeNull();
    }
    // A list read from one partition (a customer's tickets): a full page of the only ticket is the last.
    const one = await store.customerTickets(tickets[0]!.customerId, 1);
    expect(one.items.map((t) => t.id)).toEqual([tickets[0]!.id]);
    expect(one.next).toBeNull();
  });

  it('lists the work queue by priority then due time, whole and for one priority', async () => {
    expect((await readAll({ status: 'open', sort: 'priority' }, 6)).ids).toEqual(expected((t) => t.status === 'open', queueKey, true));
    expect((await readAll({ status: 'open', sort: 'priority', priority: 'high' }, 4)).ids).toEqual(
      expected((t) => t.status === 'open' && t.priority === 'high', queueKey, true),
    );
  });

  it('lists a channel, an intent and filtered views (breached, priority) completely and in order', async () => {
    expect((await readAll({ status: 'open', sort: 'updated', channel: 'email' }, 5)).ids).toEqual(
      expected((t) => t.status === 'open' && t.channel === 'email', updatedKey, false),
    );
    expect((await readAll({ status: 'pending', sort: 'updated', intent: 'complaint' }, 2)).ids).toEqual(
      expected((t) => t.status === 'pending' && t.classification?.intent === 'complaint', updatedKey, false),
    );
    expect((await readAll({ status: 'open', sort: 'updated', breached: true }, 3)).ids).toEqual(
      expected((t) => t.status === 'open' && Boolean(t.slaBreachedAt), updatedKey, false),
    );
    expect((await readAll({ status: 'open', sort: 'updated', channel: 'chat', priority: 'urgent' }, 3)).ids).toEqual(
      expected((t) => t.status === 'open' && t.channel === 'chat' && t.priority === 'urgent', updatedKey, false),
    );
  });

  it('lists a channel view and an intent view of byStatus across shards: exactly their tickets, newest update first, page after page', async () => {
    for (const status of ['open', 'pending'] as const) {
      for (const channel of channels) {
        const want = expected((t) => t.status === status && t.channel === channel, updatedKey, false);
        expect(want.length).toBeGreaterThan(status === 'open' ? 15 : 3);
        for (const limit of [2, 7, 25]) {
          const { ids, pages } = await readAll({ status, sort: 'updated', channel }, limit);
          expect(ids, `${status} ${channel}, pages of ${limit}`).toEqual(want);
          if (limit < want.length) expect(pages).toBeGreaterThan(1);
        }
      }
      for (const intent of intents) {
        const want = expected((t) => t.status === status && t.classification?.intent === intent, updatedKey, false);
        // Tickets written when the intent was only in gsi6pk are among them.
        expect(tickets.some((t) => writtenWithKeys(t) && want.includes(t.id))).toBe(true);
        for (const limit of [2, 7, 25]) {
          const { ids, pages } = await readAll({ status, sort: 'updated', intent }, limit);
          expect(ids, `${status} ${intent}, pages of ${limit}`).toEqual(want);
          if (limit < want.length) expect(pages).toBeGreaterThan(1);
        }
      }
    }
    // The work queue filtered on an intent: byQueue holds the intent too.
    expect((await readAll({ status: 'open', sort: 'priority', intent: 'get_refund' }, 4)).ids).toEqual(
      expected((t) => t.status === 'open' && t.classification?.intent === 'get_refund', queueKey, true),
    );
  });

  it('goes on from where it stopped when a sparse filter runs out of Query rounds: nothing skipped, nothing twice', async () => {
    const view = {
      index: 'byStatus',
      pkAttribute: 'gsi1pk',
      skAttribute: 'gsi1sk',
      partitionKeys: viewShardKeys(views.status('open')),
      ascending: false,
      // The index holds keys and the views' filter attributes, not the ticket: filter on the table key.
      filter: { expression: '#n = :n OR #n = :m', names: { '#n': 'pk' }, values: { ':n': `TICKET#${START + 1}`, ':m': `TICKET#${START + 88}` } },
    };
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      // One round, a shard's Query reading 2 items: the page ends early with a position.
      const page = await mergeShards(db, tableName, view, 2, after, 1);
      ids.push(...page.items.map((i) => String(i.pk).slice('TICKET#'.length)));
      after = page.after ?? undefined;
      pages++;
    } while (after && pages < 100);
    expect(ids).toEqual(expected((t) => t.status === 'open' && (t.number === START + 1 || t.number === START + 88), updatedKey, false));
    expect(pages).toBeGreaterThan(2);
  });

  it('gives the metrics the facts of every ticket opened in the range, across months and shards, in creation order', async () => {
    const from = '2026-01-25T00:00:00.000Z';
    const to = '2026-02-05T23:59:59.999Z';
    const got: TicketFacts[] = [];
    for await (const t of store.ticketFactsCreatedBetween(from, to)) got.push(t);
    const want = tickets.filter((t) => t.createdAt >= from && t.createdAt <= to).sort(byKey((t) => `${t.createdAt}#${t.id}`, true));
    expect(want.length).toBeGreaterThan(30);
    // Tickets written before byCreated held the facts are among them, read from the table, and tickets
    // whose intent is only in gsi6pk.
    expect(want.some(writtenBefore)).toBe(true);
    expect(want.some((t) => writtenWithKeys(t) && !writtenBefore(t) && t.classification)).toBe(true);
    expect(got).toEqual(want.map(ticketFacts));
    expect(computeMetrics(got)).toMatchObject({
      csat: { responses: want.filter((t) => t.csat).length },
      slaBreaches: want.filter((t) => t.slaBreachedAt).length,
    });
  });

  it('refuses a cursor it did not issue for this view: another view’s, another shape, a position outside the range', async () => {
    const first = await store.queryTickets({ status: 'open', sort: 'updated', limit: 3 });
    expect(first.next).toBeTruthy();
    const craft = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const bad = [
      first.next!.slice(0, -2),
      'not base64 at all!',
      craft({ i: 'byStatus:STATUS#open:', s: '2026#1', extra: 1 }),
      craft({ i: 'byStatus:STATUS#open:', s: 42 }),
      craft({ i: 'byStatus:STATUS#open:', s: 'x'.repeat(600) }),
      craft({ i: 'byStatus:STATUS#open:', s: 'bad\u0000key' }),
      craft({ i: 'byStatus:STATUS#open:', k: { pk: 'TICKET#1' } }),
      craft(['byStatus:STATUS#open:', 'x']),
    ];
    for (const cursor of bad)
      await expect(store.queryTickets({ status: 'open', sort: 'updated', limit: 3, cursor }), cursor).rejects.toBeInstanceOf(ValidationError);
    // Issued for another view: the pending list, or the open list by channel.
    await expect(store.queryTickets({ status: 'pending', sort: 'updated', limit: 3, cursor: first.next! })).rejects.toBeInstanceOf(ValidationError);
    await expect(store.queryTickets({ status: 'open', sort: 'updated', channel: 'chat', limit: 3, cursor: first.next! })).rejects.toBeInstanceOf(
      ValidationError,
    );
    // The work queue of one priority: a position outside its rank's range.
    await expect(
      store.queryTickets({ status: 'open', sort: 'priority', priority: 'high', limit: 3, cursor: craft({ i: 'byQueue:STATUS#open:1#', s: '3#2026' }) }),
    ).rejects.toBeInstanceOf(ValidationError);
    // Through the API: a crafted cursor is a 400, not a 500.
    const res = await http('GET', `/tickets?status=open&cursor=${craft({ i: 'byStatus:STATUS#open:', s: 'x'.repeat(600) })}`);
    expect(res.status).toBe(400);
  });
});

describe('the sharded ticket counter', () => {
  it('hands 200 concurrent allocations 200 distinct, short numbers, one counter write per block of ten', async () => {
    const counterTable = unique('counter');
    const { info } = stack();
    const raw = new DynamoDBClient({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(raw, counterTable);
    const db = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const counter = new DynamoAgentStore(db, { tableName: counterTable, ticketNumberStart: START });
    const numbers = await Promise.all(Array.from({ length: 200 }, () => counter.allocateTicketNumber()));
    // A burst shares the blocks on their way: the counters together handed out exactly 200 numbers.
    const counters = await db.send(
      new BatchGetCommand({ RequestItems: { [counterTable]: { Keys: Array.from({ length: SHARDS.ticketCounter }, (_, k) => keys.ticketCounter(k)) } } }),
    );
    expect((counters.Responses?.[counterTable] ?? []).reduce((sum, item) => sum + Number(item.value), 0)).toBe(200);
    expect(new Set(numbers).size).toBe(200);
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(START);
    // Counters advance evenly: numbers stay near the count handed out (five digits, like #10234).
    expect(Math.max(...numbers)).toBeLessThan(START + 400);
    expect(numbers.every(Number.isInteger)).toBe(true);
  });
});
