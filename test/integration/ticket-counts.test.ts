import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DocumentClient, type DocumentCommand } from '#adapters/aws/dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAgentStore } from '#adapters/agent-store';
import { ticketItem } from '#adapters/table-keys';
import type { TicketQuery } from '#agent/ports';
import { ticketCountsSchema } from '#agent/responses';
import { countOpenTickets, dueSoonCandidates } from '#agent/ticket-counts';
import type { Channel } from '#core/messages';
import type { Priority, Ticket, TicketStatus } from '#core/model';
import { ensureTable } from '#local/dynamodb';
import { http, stack, unique } from './helpers';

/**
 * The inbox counts read the work-queue index only; here they must equal what listing the same
 * tickets through the views (GET /tickets's store query) finds, in a table of the test's own.
 */
const START = 20001;
const now = new Date();
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000).toISOString();
const channels: Channel[] = ['chat', 'email', 'whatsapp', 'telegram'];
const priorities: Priority[] = ['urgent', 'high', 'normal', 'low'];
const intents = ['track_order', 'get_refund', 'complaint'];
const agents = ['ayse', 'mehmet', undefined];

function ticket(n: number, status: TicketStatus): Ticket {
  // Due from two days ago to two days ahead, in 37-minute steps: some within the hour, some long past.
  const due = inMinutes(-2880 + ((n * 37) % 5760));
  const answered = n % 3 === 0;
  const breached = !answered && Date.parse(due) < now.getTime() - 20 * 60_000;
  const assignee = agents[n % 3];
  return {
    id: String(n),
    number: n,
    status,
    priority: priorities[n % 4]!,
    channel: channels[n % 4]!,
    customerId: `c_${n}`,
    conversationKey: `counts-${n}`,
    locale: 'tr',
    createdAt: inMinutes(-3000),
    updatedAt: inMinutes(-(n % 50)),
    lastInboundAt: inMinutes(-3000),
    firstResponseDueAt: due,
    interactionCount: 1,
    version: 1,
    ...(assignee ? { assignee } : {}),
    ...(n % 7 ? { classification: { lang: 'tr', intent: intents[n % 3]!, confidence: 0.9 } as Ticket['classification'] } : {}),
    ...(answered ? { firstResponseAt: inMinutes(-2900), firstResponder: 'human' as const } : {}),
    ...(breached ? { slaBreachedAt: due } : {}),
  };
}

const open = Array.from({ length: 300 }, (_, i) => ticket(START + i, 'open'));
const others = [
  ...Array.from({ length: 12 }, (_, i) => ticket(START + 1000 + i, 'pending')),
  ...Array.from({ length: 17 }, (_, i) => ticket(START + 2000 + i, 'resolved')),
];

let store: DynamoAgentStore;
let consumed = 0;

beforeAll(async () => {
  const { info } = stack();
  const raw = new DynamoDBClient({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const tableName = unique('counts');
  await ensureTable(raw, tableName);
  // The read units DynamoDB charges, as it reports them for each read.
  const db = new (class extends DocumentClient {
    override async send<In, Out>(command: DocumentCommand<In, Out>): Promise<Out> {
      (command.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const out = await super.send(command);
      const c = (out as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
      for (const unit of Array.isArray(c) ? c : c ? [c] : []) consumed += unit.CapacityUnits ?? 0;
      return out;
    }
  })({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const all = [...open, ...others];
  for (let i = 0; i < all.length; i += 25)
    await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: all.slice(i, i + 25).map((t) => ({ PutRequest: { Item: ticketItem(t) } })) } }));
  consumed = 0;
  store = new DynamoAgentStore(db, { tableName, ticketNumberStart: START });
});

async function listed(q: Omit<TicketQuery, 'limit' | 'cursor' | 'sort'>): Promise<Ticket[]> {
  const out: Ticket[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryTickets({ sort: 'updated', ...q, limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return out;
}

describe('the inbox counts', () => {
  it('equal what the views list of the same tickets', async () => {
    consumed = 0;
    const entries = await store.openTicketEntries();
    const answered = await store.firstResponded(dueSoonCandidates(entries, now).map((e) => e.id));
    const counts = countOpenTickets(entries, 'ayse', now, answered);
    const readUnits = consumed;

    const all = await listed({ status: 'open' });
    expect(all).toHaveLength(300);
    const dueSoon = all.filter((t) => !t.firstResponseAt && !t.slaBreachedAt && Date.parse(t.firstResponseDueAt) - now.getTime() <= 3_600_000);
    expect(dueSoon.length).toBeGreaterThan(0);
    const byChannel: Record<string, number> = {};
    for (const c of channels) byChannel[c] = (await listed({ status: 'open', channel: c })).length;
    const byIntent: Record<string, number> = {};
    for (const i of intents) byIntent[i] = (await listed({ status: 'open', intent: i })).length;
    expect(counts).toEqual({
      total: all.length,
      mine: (await listed({ status: 'open', assignee: 'ayse' })).length,
      unassigned: all.filter((t) => !t.assignee).length,
      urgent: (await listed({ status: 'open', priority: 'urgent' })).length,
      dueSoon: dueSoon.length,
      breached: (await listed({ status: 'open', breached: true })).length,
      byChannel,
      byIntent,
    });
    // The index entries and the first response of the few due soon: 27.5 read units for 1,000 open tickets (README).
    console.log(`inbox counts of ${all.length} open tickets: ${readUnits} read units`);
    expect(readUnits).toBeLessThan(30);
  });

  it('count pending and resolved tickets up to the cap', async () => {
    expect(await store.countTickets('pending', 1000)).toEqual({ count: 12, capped: false });
    expect(await store.countTickets('resolved', 1000)).toEqual({ count: 17, capped: false });
    expect((await store.countTickets('resolved', 8)).capped).toBe(true);
  });

  it('are served at GET /tickets/counts for the caller', async () => {
    const r = await http('GET', '/tickets/counts');
    expect(r.status).toBe(200);
    const body = ticketCountsSchema.parse(r.json);
    expect(body.open.total).toBeGreaterThanOrEqual(body.open.mine);
    expect(body.open.total).toBe(body.open.unassigned + (body.open.total - body.open.unassigned));
    expect((await http('GET', '/tickets/counts', { token: null })).status).toBe(401);
  });
});
