/**
 * tsx bench/search.ts: ticket search on the table's own index, against DynamoDB Local.
 *  - builds a table of BENCH_SEARCH_TICKETS (100,000) tickets over twelve months, oldest first, each with its
 *    customer's name, e-mail, phone, order number and a message drawn from a Zipf-like vocabulary,
 *    and their index postings (terms made by the same code the change feed runs: core/search-terms);
 *  - runs each kind of query (a common word, two words, a rare word, a name, an e-mail, a phone as
 *    written, an order and a ticket number, filters, best first, a second page) and reports p50/p95,
 *    at checkpoints while the table grows (BENCH_SEARCH_CHECKPOINTS, default every 25,000 tickets), so
 *    a machine too slow to build it all still reports the largest table it built. Months are built in
 *    order, so each month built holds as many tickets as in the whole table: a partition read at a
 *    checkpoint is as large as at 100,000 tickets (the months not built yet are empty, read all the same);
 *  - measures the index's item sizes (a posting, a ticket's document) for the README's cost figures,
 *    and the write units of indexing a new ticket and of a follow-up message, through the real writer.
 * Prints a table and writes bench/results/search.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DocumentClient,
  type DocumentCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type WriteRequest,
} from '#adapters/aws/dynamodb';
import { DynamoTicketSearch } from '#adapters/search-dynamo';
import { DynamoTicketSearchIndex } from '#adapters/search-index-dynamo';
import { postingKey, searchDocumentKey } from '#adapters/search-keys';
import { ticketItem } from '#adapters/table-keys';
import type { Channel } from '#core/messages';
import type { Ticket } from '#core/model';
import { searchDocument, type TicketSearchQuery } from '#core/search';
import { queryTerms } from '#core/search-terms';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb';
import { freePort } from '#local/net';
import { percentile } from './stats';

const TICKETS = Number(process.env.BENCH_SEARCH_TICKETS ?? 100_000);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 30);
const CHECKPOINTS = (process.env.BENCH_SEARCH_CHECKPOINTS ?? '25000,50000,75000,100000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0 && n < TICKETS)
  .concat(TICKETS);
const TABLE = 'search';
const root = resolve(import.meta.dirname, '..');
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** A deterministic generator, so every run builds the same table. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
const random = rng(22);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

const COMMON = [
  'sipariş',
  'kargo',
  'gelmedi',
  'iade',
  'ödeme',
  'fatura',
  'ürün',
  'teslimat',
  'nerede',
  'iptal',
  'hasarlı',
  'değişim',
  'beden',
  'renk',
  'kredi',
  'kartı',
  'çekildi',
  'para',
  'geri',
  'adres',
  'numara',
  'takip',
  'mağaza',
  'kampanya',
  'indirim',
  'kupon',
  'stok',
  'garanti',
  'bozuk',
  'eksik',
  'yanlış',
  'geldi',
  'paket',
  'kutu',
  'acil',
  'lütfen',
  'yardım',
  'bekliyorum',
  'hafta',
  'gün',
];
/** A long tail of rarer words (product names, places): most appear in a few hundred tickets at most. */
const RARE = Array.from({ length: 3000 }, (_, i) => `ürün${(i * 7919).toString(36)}`);
const FIRST = ['Ayşe', 'Mehmet', 'Fatma', 'Ali', 'Zeynep', 'Mustafa', 'Elif', 'Hüseyin', 'Emine', 'İbrahim', 'Hatice', 'Ömer', 'Şule', 'Çağrı'];
const LAST = ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Öztürk', 'Aydın', 'Özdemir', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin'];
const CHANNELS: readonly Channel[] = ['email', 'chat', 'whatsapp', 'instagram'];
/** Twelve months of tickets, the newest ending now. */
const START = Date.UTC(2025, 11, 1);
const SPAN = Date.now() - START;

/** Word i of the vocabulary, Zipf-like: the commonest words are in most tickets, the tail in few. */
const word = () => (random() < 0.85 ? COMMON[Math.floor(COMMON.length * random() ** 2)]! : RARE[Math.floor(RARE.length * random() ** 1.5)]!);

interface Fixture {
  readonly ticket: Ticket;
  readonly text: string;
  readonly email: string;
  readonly phone: string;
  readonly order: string;
}

function fixture(n: number): Fixture {
  const at = new Date(START + Math.floor((n / TICKETS) * SPAN)).toISOString();
  const [first, last] = [pick(FIRST), pick(LAST)];
  const email = `${first}.${last}${n}@example.com`
    .toLocaleLowerCase('tr')
    .replace(/[çğıöşü]/g, (c) => ({ ç: 'c', ğ: 'g', ı: 'i', ö: 'o', ş: 's', ü: 'u' })[c]!);
  const phone = `5${String(300_000_000 + n * 7).slice(0, 9)}`;
  const order = String(70_000_000 + n);
  const channel = CHANNELS[n % 4]!;
  const text = `${Array.from({ length: 8 + Math.floor(random() * 10) }, word).join(' ')} sipariş no ${order} telefonum 0${phone}`;
  const ticket: Ticket = {
    id: String(10_001 + n),
    number: 10_001 + n,
    status: random() < 0.7 ? 'resolved' : random() < 0.5 ? 'open' : 'pending',
    priority: 'normal',
    channel,
    customerId: `c_${n}`,
    conversationKey: `conv-${n}`,
    ...(channel === 'email' ? { subject: `${word()} ${word()} ${word()}`, customerAddress: email } : {}),
    preview: text.slice(0, 80),
    customerName: `${first} ${last}`,
    orderNumber: order,
    locale: 'tr',
    createdAt: at,
    updatedAt: at,
    lastInboundAt: at,
    firstResponseDueAt: at,
    interactionCount: 2,
    version: 2,
  };
  return { ticket, text, email, phone, order };
}

const itemBytes = (item: Record<string, unknown>): number => {
  // DynamoDB's item size: attribute names plus values (strings as UTF-8, numbers ~ digits/2 + 1, maps +3 and their entries).
  const size = (v: unknown): number =>
    typeof v === 'string'
      ? Buffer.byteLength(v)
      : typeof v === 'number'
        ? Math.ceil(String(v).replace(/[-.]/g, '').length / 2) + 1
        : typeof v === 'boolean' || v === null
          ? 1
          : Array.isArray(v)
            ? 3 + v.reduce((a: number, x) => a + 1 + size(x), 0)
            : typeof v === 'object'
              ? 3 + Object.entries(v as object).reduce((a, [k, x]) => a + 1 + Buffer.byteLength(k) + size(x), 0)
              : 0;
  return Object.entries(item).reduce((a, [k, v]) => a + Buffer.byteLength(k) + size(v), 0);
};

async function main() {
  const port = await freePort();
  const dynamo = await startDynamoDbLocal(port);
  try {
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    await ensureTable(new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials }), TABLE);
    let writeUnits = 0;
    const doc = new (class extends DocumentClient {
      override async send<In, Out>(command: DocumentCommand<In, Out>): Promise<Out> {
        (command.input as Record<string, unknown>).ReturnConsumedCapacity ??= 'TOTAL';
        const out = await super.send(command);
        const consumed = (out as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
        if (!(command instanceof GetCommand || command instanceof QueryCommand || command instanceof BatchGetCommand))
          writeUnits += ([] as { CapacityUnits?: number }[]).concat(consumed ?? []).reduce((a, c) => a + (c.CapacityUnits ?? 0), 0);
        return out;
      }
    })({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials });

    // What indexing costs through the real writer: a new ticket (its first message), then a follow-up message.
    const index = new DynamoTicketSearchIndex(doc, TABLE);
    const sample = Array.from({ length: 50 }, (_, i) => fixture(TICKETS + i));
    // Their tickets exist too: the queries below meet them (they are the newest), as any ticket the index names.
    await Promise.all(sample.map((f) => doc.send(new PutCommand({ TableName: TABLE, Item: ticketItem(f.ticket) }))));
    writeUnits = 0;
    for (const f of sample) await index.replace(searchDocument(f.ticket, [{ text: f.text }]));
    const newTicketUnits = writeUnits / sample.length;
    writeUnits = 0;
    const followUp = () => `${Array.from({ length: 12 }, word).join(' ')}`;
    for (const f of sample) await index.replace(searchDocument(f.ticket, [{ text: f.text }, { text: followUp() }]));
    const followUpUnits = writeUnits / sample.length;
    const sampleDoc = (await doc.send(new GetCommand({ TableName: TABLE, Key: searchDocumentKey(sample[0]!.ticket.id) }))).Item!;
    const samplePosting = { ...postingKey('siparis', sample[0]!.ticket.createdAt, sample[0]!.ticket.id), w: 1 };
    const docSizes = await Promise.all(
      sample.map(async (f) => itemBytes((await doc.send(new GetCommand({ TableName: TABLE, Key: searchDocumentKey(f.ticket.id) }))).Item!)),
    );

    const search = new DynamoTicketSearch(doc, TABLE);
    const fixtures: Fixture[] = [];
    /** The query suite on the tickets built so far; writes the result (the largest table measured wins). */
    const measure = async (builtTickets: number, postings: number, buildSeconds: number) => {
      const at = (i: number) => fixtures[Math.floor((i * 7_919) % builtTickets)]!;
      // Every fourth ticket is an e-mail's, with the customer's address on it.
      const atEmail = (i: number) => fixtures[Math.floor((i * 7_919) % builtTickets) & ~3]!;
      const base = { sort: 'newest' as const, limit: 25 };
      const kinds: { kind: string; query: (i: number) => Omit<TicketSearchQuery, 'limit' | 'sort'> & Partial<TicketSearchQuery> }[] = [
        { kind: 'common word', query: () => ({ terms: queryTerms('kargo') }) },
        { kind: 'two common words', query: () => ({ terms: queryTerms('siparişim gelmedi') }) },
        { kind: 'common + rare word', query: (i) => ({ terms: queryTerms(`kargo ${RARE[i % 200]}`) }) },
        { kind: 'rare word', query: (i) => ({ terms: queryTerms(RARE[(i * 37) % RARE.length]!) }) },
        { kind: 'customer name', query: (i) => ({ terms: queryTerms(`${FIRST[i % FIRST.length]} ${LAST[(i * 3) % LAST.length]}`) }) },
        { kind: 'e-mail', query: (i) => ({ terms: queryTerms(atEmail(i).email) }) },
        {
          kind: 'phone as written',
          query: (i) => ({ terms: queryTerms(`+90 ${at(i).phone.slice(0, 3)} ${at(i).phone.slice(3, 6)} ${at(i).phone.slice(6)}`) }),
        },
        { kind: 'order number', query: (i) => ({ terms: queryTerms(at(i).order) }) },
        { kind: 'ticket number', query: (i) => ({ terms: queryTerms(`#${at(i).ticket.number}`) }) },
        { kind: 'word, status open', query: () => ({ terms: queryTerms('iade'), status: 'open' }) },
        { kind: 'word, channel chat', query: () => ({ terms: queryTerms('fatura'), channel: 'chat' }) },
        { kind: 'word, one month', query: () => ({ terms: queryTerms('ödeme'), from: '2026-06-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' }) },
        { kind: 'two words, best first', query: () => ({ terms: queryTerms('kargo hasarlı'), sort: 'best' }) },
      ];
      const rows: { kind: string; p50Ms: number; p95Ms: number; maxMs: number; meanResults: number }[] = [];
      for (const k of kinds) {
        await search.search({ ...base, ...k.query(0) }); // warm
        const times: number[] = [];
        let results = 0;
        for (let i = 1; i <= RUNS; i++) {
          const t0 = performance.now();
          const page = await search.search({ ...base, ...k.query(i) });
          times.push(performance.now() - t0);
          results += page.items.length;
        }
        rows.push({
          kind: k.kind,
          p50Ms: round(percentile(times, 50)),
          p95Ms: round(percentile(times, 95)),
          maxMs: round(Math.max(...times)),
          meanResults: round(results / RUNS),
        });
      }
      // The second page of a common word, from the first page's cursor.
      {
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const first = await search.search({ ...base, terms: queryTerms(pick(COMMON)) });
          const t0 = performance.now();
          await search.search({ ...base, terms: queryTerms(pick(COMMON)), cursor: first.next ?? undefined });
          times.push(performance.now() - t0);
        }
        rows.push({
          kind: 'next page',
          p50Ms: round(percentile(times, 50)),
          p95Ms: round(percentile(times, 95)),
          maxMs: round(Math.max(...times)),
          meanResults: 25,
        });
      }

      const result = {
        date: new Date().toISOString(),
        tickets: builtTickets,
        tableTarget: TICKETS,
        complete: builtTickets === TICKETS,
        postings,
        meanTermsPerTicket: round(postings / builtTickets),
        buildSeconds: round(buildSeconds),
        runsPerKind: RUNS,
        queries: rows,
        sizes: {
          postingBytes: itemBytes(samplePosting),
          documentBytesMean: round(docSizes.reduce((a, b) => a + b, 0) / docSizes.length),
          documentTerms: Object.keys(sampleDoc.t).length,
        },
        writeUnits: { newTicket: round(newTicketUnits), followUpMessage: round(followUpUnits) },
        target: { p95Ms: 1000 },
      };
      console.log(
        `\nSearch over ${builtTickets} tickets (${postings} postings, ${result.meanTermsPerTicket} terms a ticket; built in ${result.buildSeconds} s)\n`,
      );
      console.log('| query | p50 ms | p95 ms | max ms | results |\n| --- | ---: | ---: | ---: | ---: |');
      for (const r of rows) console.log(`| ${r.kind} | ${r.p50Ms} | ${r.p95Ms} | ${r.maxMs} | ${r.meanResults} |`);
      console.log(
        `\nposting ${result.sizes.postingBytes} B; document ${result.sizes.documentBytesMean} B (${result.sizes.documentTerms} terms); ` +
          `write units: new ticket ${result.writeUnits.newTicket}, follow-up message ${result.writeUnits.followUpMessage}`,
      );
      mkdirSync(resolve(root, 'bench/results'), { recursive: true });
      writeFileSync(resolve(root, 'bench/results/search.json'), `${JSON.stringify(result, null, 2)}\n`);
      const slow = rows.filter((r) => r.p95Ms > result.target.p95Ms);
      if (slow.length) {
        console.error(`p95 over ${result.target.p95Ms} ms: ${slow.map((r) => r.kind).join(', ')}`);
        process.exitCode = 1;
      }
    };
    // The table: ticket items and postings, written in parallel batches (the bench's load, not the change feed's path).
    const built = performance.now();
    let postings = 0;
    const pending: WriteRequest[] = [];
    const inflight = new Set<Promise<unknown>>();
    const flush = async (force = false) => {
      while (pending.length >= 25 || (force && pending.length)) {
        const batch = pending.splice(0, 25);
        const p = (async () => {
          let rest = batch;
          while (rest.length) {
            const out = await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: rest } }));
            rest = (out.UnprocessedItems?.[TABLE] as WriteRequest[] | undefined) ?? [];
          }
        })();
        inflight.add(p);
        p.finally(() => inflight.delete(p));
        if (inflight.size >= 16) await Promise.race(inflight);
      }
    };
    for (let n = 0; n < TICKETS; n++) {
      const f = fixture(n);
      fixtures.push(f);
      const d = searchDocument(f.ticket, [{ text: f.text }]);
      pending.push({ PutRequest: { Item: ticketItem(f.ticket) } });
      for (const [term, w] of d.terms) pending.push({ PutRequest: { Item: { ...postingKey(term, f.ticket.createdAt, f.ticket.id), w } } });
      postings += d.terms.size;
      await flush();
      if (n % 10_000 === 9_999) console.log(`  ${n + 1} tickets, ${postings} postings, ${round((performance.now() - built) / 1000)} s`);
      if (CHECKPOINTS.includes(n + 1)) {
        await flush(true);
        await Promise.all(inflight);
        await measure(n + 1, postings, (performance.now() - built) / 1000);
      }
    }
  } finally {
    dynamo.process.kill();
  }
}

await main();
