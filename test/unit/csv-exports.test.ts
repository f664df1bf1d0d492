import { describe, expect, it } from 'vitest';
import { deliverCsv, EXPORT_PART_BYTES, metricsCsvRows, type ExportFiles } from '#agent/exports';
import { computeMetrics } from '#agent/metrics';
import { CSV_BOM, csvCell, csvLine } from '#core/csv';

describe('CSV cells', () => {
  it('quotes a cell with a comma, a quote or a line break, doubling its quotes (RFC 4180)', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvLine(['x', 1, null, undefined, true])).toBe('x,1,,,true\r\n');
  });

  it('keeps a cell a spreadsheet would run as a formula as text', () => {
    for (const formula of ['=1+1', '+90 532', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(formula).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    // Numbers are numbers, negative ones too; Turkish letters pass as they are.
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('Sipariş ğüşıöç İ')).toBe('Sipariş ğüşıöç İ');
  });
});

/** Object storage in memory: what was uploaded in which parts. */
function memoryFiles() {
  const objects = new Map<string, { parts: Uint8Array[]; done: boolean; aborted: boolean }>();
  const files: ExportFiles = {
    async begin(key) {
      const o = { parts: [] as Uint8Array[], done: false, aborted: false };
      objects.set(key, o);
      return {
        append: async (part) => void o.parts.push(part),
        finish: async (seconds) => ((o.done = true), `https://bucket.example/${key}?expires=${seconds}`),
        abort: async () => void (o.aborted = true),
      };
    },
  };
  return { files, objects };
}

async function* lines(n: number, width = 100) {
  yield 'header\r\n';
  for (let i = 0; i < n; i++) yield `${String(i).padStart(width - 2, 'x')}\r\n`;
}

const target = (files: ExportFiles, inlineMaxBytes: number) => ({
  files,
  inlineMaxBytes,
  linkSeconds: 900,
  key: 'exports/k.csv',
  filename: 'k.csv',
  now: new Date('2026-12-07T12:00:00Z'),
});

describe('delivering a CSV', () => {
  it('answers inline, with the byte-order mark, while the JSON-escaped body fits the limit', async () => {
    const { files, objects } = memoryFiles();
    const r = await deliverCsv(lines(10), target(files, 10_000));
    expect(r).toMatchObject({ kind: 'inline', rows: 10 });
    if (r.kind !== 'inline') throw new Error('inline expected');
    expect(r.csv.startsWith(CSV_BOM)).toBe(true);
    expect(objects.size).toBe(0);
  });

  it('stores a CSV whose escaping pushes it past the limit although its raw bytes fit', async () => {
    const { files, objects } = memoryFiles();
    async function* quoted() {
      yield 'a\r\n';
      for (let i = 0; i < 100; i++) yield `"${'""'.repeat(20)}"\r\n`;
    }
    const r = await deliverCsv(quoted(), target(files, 6_000));
    expect(r.kind).toBe('stored');
    expect(objects.get('exports/k.csv')?.done).toBe(true);
  });

  it('writes a large CSV in parts of at least the multipart minimum, the whole file byte for byte, and links to it', async () => {
    const { files, objects } = memoryFiles();
    const rows = 200_000;
    const r = await deliverCsv(lines(rows), target(files, 1_000_000));
    expect(r).toMatchObject({ kind: 'stored', rows, url: 'https://bucket.example/exports/k.csv?expires=900', expiresAt: '2026-12-07T12:15:00.000Z' });
    const o = objects.get('exports/k.csv')!;
    expect(o.parts.length).toBeGreaterThan(2);
    for (const p of o.parts.slice(0, -1)) expect(p.length).toBeGreaterThanOrEqual(EXPORT_PART_BYTES);
    const whole = Buffer.concat(o.parts);
    expect(whole.length).toBe(r.bytes);
    expect(whole.length).toBe(3 + 'header\r\n'.length + rows * 100);
    expect(whole.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('abandons the upload when reading fails midway (no half file behind a link)', async () => {
    const { files, objects } = memoryFiles();
    async function* failing() {
      yield* lines(20_000);
      throw new Error('read failed');
    }
    await expect(deliverCsv(failing(), target(files, 100_000))).rejects.toThrow('read failed');
    expect(objects.get('exports/k.csv')).toMatchObject({ done: false, aborted: true });
  });
});

describe('the metrics as rows', () => {
  it('names each figure by its path, and keyed figures (channel, intent, day, agent) by a dimension', () => {
    const range = { from: '2026-11-01', to: '2026-11-02' };
    const metrics = computeMetrics(
      [
        {
          id: '1',
          channel: 'email',
          status: 'resolved',
          createdAt: '2026-11-01T10:00:00.000Z',
          intent: 'track_order',
          firstResponseAt: '2026-11-01T10:30:00.000Z',
          firstResponder: 'human',
          firstResponseBy: 'agent-7',
          resolvedAt: '2026-11-01T11:00:00.000Z',
          firstResolvedAt: '2026-11-01T11:00:00.000Z',
          resolvedBy: 'agent-7',
          agentReplied: true,
          singleContact: true,
          agentReplyCounts: { 'agent-7': 2 },
          csatScore: 5,
        },
      ],
      range,
    );
    const rows = metricsCsvRows(range, metrics);
    const value = (metric: string, dimension = '') => rows.find((r) => r[0] === metric && r[1] === dimension)?.[2];
    expect(value('tickets')).toBe(1);
    expect(value('firstResponse.medianMinutes')).toBe(30);
    expect(value('volumeByChannel', 'email')).toBe(1);
    expect(value('volumeByIntent', 'track_order')).toBe(1);
    expect(value('csatDistribution', '5')).toBe(1);
    expect(value('volumeByDay.total', '2026-11-01')).toBe(1);
    expect(value('volumeByDay.byChannel', '2026-11-01 email')).toBe(1);
    expect(value('volumeByDay.total', '2026-11-02')).toBe(0);
    expect(value('topIntents.tickets', 'track_order')).toBe(1);
    expect(value('agents.replies', 'agent-7')).toBe(2);
    expect(value('agents.firstResponse.medianMinutes', 'agent-7')).toBe(30);
    // Every row is metric, dimension, value.
    for (const r of rows) expect(r).toHaveLength(3);
  });
});
