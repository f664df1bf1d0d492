/**
 * tsx bench/views.ts: what the sharded ticket views and counters cost, against DynamoDB Local.
 *  - an agent's first page (25) and every page of the open view, as a merge of SHARDS.ticketViews
 *    Queries: Queries and read units per page, latency;
 *  - the same for the open view of one channel and of one intent (byStatus filtered on what it holds);
 *  - the metrics' read of a month (every shard merged);
 *  - ticket numbers from the sharded counters under concurrency: distinct, how far past the count;
 *  - the size of a ticket item, which sets the write units an index write costs.
 * Prints a table and writes bench/results/views.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DocumentClient, type DocumentCommand, QueryCommand } from '#adapters/aws/dynamodb';
import { DynamoAgentStore } from '#adapters/agent-store';
import { ticketItem } from '#adapters/table-keys';
import type { TicketQuery } from '#agent/ports';
import type { Ticket } from '#core/model';
import { SHARDS } from '#definitions/table';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb';
import { freePort } from '#local/net';
import { percentile } from './stats';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 2000);
const ALLOCATIONS = 1000;
/** A quarter of the tickets are on each channel, a third have each intent: the views' filters keep that share. */
const INTENTS = ['track_order', 'get_refund', 'payment_issue'] as const;
const root = resolve(import.meta.dirname, '..');
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function ticket(n: number): Ticket {
  const at = new Date(Date.UTC(2026, 10, 28, 0, 0, n)).toISOString();
  return {
    id: String(n),
    number: n,
    status: n % 4 === 0 ? 'pending' : 'open',
    priority: (['urgent', 'high', 'normal', 'low'] as const)[n % 4]!,
    channel: (['chat', 'email', 'whatsapp', 'instagram'] as const)[n % 4]!,
    customerId: `c_${n}`,
    conversationKey: `conv-${n}`,
    subject: 'Siparişim nerede? Kargo takip numarası çalışmıyor',
    locale: 'tr',
    createdAt: at,
    updatedAt: at,
    lastInboundAt: at,
    firstResponseDueAt: new Date(Date.parse(at) + 86_400_000).toISOString(),
    interactionCount: 2,
    version: 3,
    handling: 'human',
    classification: { lang: 'tr', intent: INTENTS[n % 3]!, confidence: 0.91 } as Ticket['classification'],
    priorityReasons: ['repeat contact'],
    suggestedAnswer: 'Siparişiniz kargoya verildi; takip numarası: 1234567890. Tahmini teslim: yarın.',
  };
}

async function main() {
  const port = await freePort();
  const dynamo = await startDynamoDbLocal(port);
  try {
    const raw = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(raw, 'views');
    // Every Query, and every BatchGetItem fetching the rows behind index entries, reports what it read.
    let queries = 0;
    let units = 0;
    const doc = new (class extends DocumentClient {
      override async send<In, Out>(command: DocumentCommand<In, Out>): Promise<Out> {
        const input = command.input as Record<string, unknown>;
        const isQuery = command instanceof QueryCommand;
        const isBatchGet = command instanceof BatchGetCommand;
        if (isQuery || isBatchGet) input.ReturnConsumedCapacity = 'TOTAL';
        const out = await super.send(command);
        if (isQuery) queries++;
        if (isQuery || isBatchGet) {
          const consumed = (out as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
          units += ([] as { CapacityUnits?: number }[]).concat(consumed ?? []).reduce((a, c) => a + (c.CapacityUnits ?? 0), 0);
        }
        return out;
      }
    })({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const store = new DynamoAgentStore(doc, { tableName: 'views', ticketNumberStart: 10001 });
    const tickets = Array.from({ length: TICKETS }, (_, i) => ticket(10001 + i));
    for (let i = 0; i < tickets.length; i += 25) {
      await doc.send(new BatchWriteCommand({ RequestItems: { views: tickets.slice(i, i + 25).map((t) => ({ PutRequest: { Item: ticketItem(t) } })) } }));
    }
    const itemBytes = Buffer.byteLength(JSON.stringify(ticketItem(tickets[0]!)));

    const measure = async <T>(fn: () => Promise<T>) => {
      queries = 0;
      units = 0;
      const t0 = performance.now();
      const value = await fn();
      return { value, ms: performance.now() - t0, queries, units };
    };
    /** A view's first page of 25 (median of 30) and all of it in pages of 100. */
    const measureView = async (q: Omit<TicketQuery, 'limit' | 'cursor'>) => {
      const firstPages = [];
      for (let i = 0; i < 30; i++) firstPages.push(await measure(() => store.queryTickets({ ...q, limit: 25 })));
      const whole = await measure(async () => {
        let cursor: string | undefined;
        let count = 0;
        let pages = 0;
        do {
          const page = await store.queryTickets({ ...q, limit: 100, ...(cursor ? { cursor } : {}) });
          count += page.items.length;
          pages++;
          cursor = page.next ?? undefined;
        } while (cursor);
        return { count, pages };
      });
      const ms = firstPages.map((p) => p.ms);
      return {
        firstPage25: {
          queries: firstPages[0]!.queries,
          readUnits: round(firstPages[0]!.units, 2),
          medianMs: round(percentile(ms, 50)),
          p95Ms: round(percentile(ms, 95)),
        },
        whole: { tickets: whole.value.count, pages: whole.value.pages, queries: whole.queries, readUnits: round(whole.units, 1), ms: round(whole.ms) },
      };
    };
    const open = await measureView({ status: 'open', sort: 'updated' });
    const channelView = await measureView({ status: 'open', sort: 'updated', channel: 'email' });
    const intentView = await measureView({ status: 'open', sort: 'updated', intent: 'get_refund' });
    const metrics = await measure(async () => {
      let count = 0;
      for await (const _ of store.ticketFactsCreatedBetween('2026-11-01T00:00:00.000Z', '2026-11-30T23:59:59.999Z')) count++;
      return count;
    });
    // One Query of the same page size on one partition, for scale.
    const single = await measure(() =>
      doc.send(
        new QueryCommand({
          TableName: 'views',
          IndexName: 'byStatus',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': 'STATUS#open#0' },
          ScanIndexForward: false,
          Limit: 25,
        }),
      ),
    );

    const counter = await measure(async () => {
      const numbers: number[] = [];
      let started = 0;
      const worker = async () => {
        while (started++ < ALLOCATIONS) numbers.push(await store.allocateTicketNumber());
      };
      await Promise.all(Array.from({ length: 50 }, worker));
      return numbers;
    });
    const numbers = counter.value;

    const results = {
      shards: SHARDS,
      tickets: TICKETS,
      ticketItemBytes: itemBytes,
      firstPage25: open.firstPage25,
      onePartitionQuery25: { readUnits: round(single.units, 2), ms: round(single.ms) },
      wholeOpenView: open.whole,
      /** The open tickets on one channel (a quarter of them, a third of the open ones), newest update first. */
      channelView: { channel: 'email', ...channelView },
      /** The open tickets with one intent (a third of them). */
      intentView: { intent: 'get_refund', ...intentView },
      metricsMonth: { tickets: metrics.value, queries: metrics.queries, readUnits: round(metrics.units, 1), ms: round(metrics.ms) },
      counter: {
        allocations: numbers.length,
        distinct: new Set(numbers).size,
        concurrency: 50,
        perSecond: round(numbers.length / (counter.ms / 1000)),
        highestPastCount: Math.max(...numbers) - 10000 - numbers.length,
      },
    };
    console.table({
      'first page (25)': {
        queries: results.firstPage25.queries,
        RRU: results.firstPage25.readUnits,
        ms: `${results.firstPage25.medianMs} (p95 ${results.firstPage25.p95Ms})`,
      },
      'one partition, 25': { queries: 1, RRU: results.onePartitionQuery25.readUnits, ms: results.onePartitionQuery25.ms },
      [`whole open view (${open.whole.tickets})`]: { queries: open.whole.queries, RRU: open.whole.readUnits, ms: open.whole.ms },
      'channel view, first page (25)': {
        queries: channelView.firstPage25.queries,
        RRU: channelView.firstPage25.readUnits,
        ms: `${channelView.firstPage25.medianMs} (p95 ${channelView.firstPage25.p95Ms})`,
      },
      [`whole channel view (${channelView.whole.tickets})`]: { queries: channelView.whole.queries, RRU: channelView.whole.readUnits, ms: channelView.whole.ms },
      'intent view, first page (25)': {
        queries: intentView.firstPage25.queries,
        RRU: intentView.firstPage25.readUnits,
        ms: `${intentView.firstPage25.medianMs} (p95 ${intentView.firstPage25.p95Ms})`,
      },
      [`whole intent view (${intentView.whole.tickets})`]: { queries: intentView.whole.queries, RRU: intentView.whole.readUnits, ms: intentView.whole.ms },
      [`metrics month (${metrics.value})`]: { queries: metrics.queries, RRU: results.metricsMonth.readUnits, ms: results.metricsMonth.ms },
    });
    console.log(
      `ticket item ${itemBytes} bytes; ${numbers.length} numbers, ${results.counter.distinct} distinct, ${results.counter.perSecond}/s, highest ${results.counter.highestPastCount} past the count`,
    );
    mkdirSync(resolve(root, 'bench/results'), { recursive: true });
    writeFileSync(resolve(root, 'bench/results/views.json'), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    dynamo.process.kill();
  }
}

await main();
