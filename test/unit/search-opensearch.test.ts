import { afterEach, describe, expect, it } from 'vitest';
import { OpenSearchTickets } from '#adapters/search-opensearch';
import type { Ticket } from '#core/model';
import { TERM_WEIGHT } from '#core/search-terms';
import { startRecordingServer, type RecordedRequest, type RecordingServer } from '#test/recording-server';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' };
let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function engine(answer: (r: RecordedRequest) => { status: number; body?: string }) {
  server = await startRecordingServer((r) => ({ headers: { 'content-type': 'application/json' }, ...answer(r) }));
  const loaded: string[][] = [];
  const tickets = async (ids: readonly string[]) => (loaded.push([...ids]), ids.map((id) => ({ id }) as Ticket));
  return { search: new OpenSearchTickets({ endpoint: server.url, region: 'eu-central-1', credentials, maxAttempts: 1 }, 'tickets', tickets), loaded };
}

const doc = {
  ticketId: '10234',
  number: 10234,
  createdAt: '2026-12-01T10:00:00.000Z',
  channel: 'email' as const,
  status: 'open' as const,
  terms: new Map([
    ['10234', TERM_WEIGHT.identifier],
    ['iade', TERM_WEIGHT.title],
    ['kargo', TERM_WEIGHT.text],
  ]),
};

describe('the OpenSearch Serverless engine', () => {
  it("signs every call for the collection's service (aoss) and creates the index once before the first document", async () => {
    const { search } = await engine(() => ({ status: 200, body: '{}' }));
    await search.replace(doc);
    await search.replace(doc);
    const [create, put, again] = server!.received;
    expect(server!.received.length).toBe(3);
    expect([create!.method, create!.url]).toEqual(['PUT', '/tickets']);
    expect(JSON.parse(create!.body).mappings.properties.createdAt).toEqual({ type: 'date' });
    expect([put!.method, put!.url, again!.url]).toEqual(['PUT', '/tickets/_doc/10234', '/tickets/_doc/10234']);
    expect(JSON.parse(put!.body)).toEqual({
      ids: ['10234'],
      title: ['iade'],
      text: ['kargo'],
      number: 10234,
      createdAt: doc.createdAt,
      channel: 'email',
      status: 'open',
    });
    for (const r of server!.received) {
      expect(String(r.headers.authorization)).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/aoss\/aws4_request, SignedHeaders=.*x-amz-content-sha256/,
      );
      expect(r.headers['x-amz-security-token']).toBe('session');
      expect(r.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('takes an index that already exists as created', async () => {
    const { search } = await engine((r) =>
      r.url === '/tickets'
        ? { status: 400, body: JSON.stringify({ error: { type: 'resource_already_exists_exception' }, status: 400 }) }
        : { status: 200, body: '{}' },
    );
    await search.replace(doc);
    expect(server!.received.map((r) => r.url)).toEqual(['/tickets', '/tickets/_doc/10234']);
  });

  it('deletes a removed ticket, a missing one being no error', async () => {
    const { search } = await engine(() => ({ status: 404, body: '{"result":"not_found"}' }));
    await search.remove('10234');
    expect(server!.received.map((r) => [r.method, r.url])).toEqual([['DELETE', '/tickets/_doc/10234']]);
  });

  it('asks for every term in some field with filters and newest first, and pages with search_after', async () => {
    const hits = [
      { _id: '3', sort: [1764583200000, 3] },
      { _id: '2', sort: [1764583100000, 2] },
      { _id: '1', sort: [1764583000000, 1] },
    ];
    const { search, loaded } = await engine(() => ({ status: 200, body: JSON.stringify({ hits: { hits } }) }));
    const q = {
      terms: ['iade', '+905321234567'],
      sort: 'newest' as const,
      status: 'open' as const,
      channel: 'email' as const,
      from: '2026-12-01T00:00:00.000Z',
      limit: 2,
    };
    const page = await search.search(q);
    expect(page.items.map((t) => t.id)).toEqual(['3', '2']);
    expect(loaded).toEqual([['3', '2']]);
    const body = JSON.parse(server!.received[0]!.body);
    expect(server!.received[0]!.url).toBe('/tickets/_search');
    expect(body.size).toBe(3);
    expect(body.query.bool.must).toHaveLength(2);
    expect(body.query.bool.must[1].bool.should.map((s: any) => Object.values(s.term)[0])).toEqual([
      { value: '+905321234567', boost: TERM_WEIGHT.identifier },
      { value: '+905321234567', boost: TERM_WEIGHT.title },
      { value: '+905321234567', boost: TERM_WEIGHT.text },
    ]);
    expect(body.query.bool.filter).toEqual([
      { term: { status: 'open' } },
      { term: { channel: 'email' } },
      { range: { createdAt: { gte: '2026-12-01T00:00:00.000Z' } } },
    ]);
    expect(body.sort).toEqual([{ createdAt: 'desc' }, { number: 'desc' }]);
    await search.search({ ...q, sort: 'best', cursor: page.next! });
    const second = JSON.parse(server!.received[1]!.body);
    expect(second.search_after).toEqual(hits[1]!.sort);
    expect(second.sort[0]).toBe('_score');
  });

  it('refuses a cursor it did not make', async () => {
    const { search } = await engine(() => ({ status: 200, body: '{"hits":{"hits":[]}}' }));
    await expect(search.search({ terms: ['x'], sort: 'newest', limit: 5, cursor: 'bm90LWpzb24' })).rejects.toThrow(/cursor/);
  });
});
