/**
 * The e-mail parser, measured: time per message over the fixture corpus, next to mailparser used as it
 * comes (how many messages yield text, how many keep junk or undecoded characters, time per message),
 * a message near the size limit (time and memory, for sizing the ingest Lambda), and the cost of
 * refusing an oversized one. Writes bench/results/email-parse.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_PARSE_LIMITS, parseEmail } from '#channels/email/parse';
import { compareParsers, comparisonRows } from '#cli/email-compare';
import { pseudoRandomBytes } from '#test/fixtures/email/generate/assets';
import { filePart, message, multipart, textPart } from '#test/fixtures/email/generate/mime';

const root = resolve(import.meta.dirname, '..');
const corpusDir = join(root, 'test/fixtures/email');
const ROUNDS = 20;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await f();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

/** Peak resident memory while f runs, sampled every 5 ms, over what was resident before. */
async function peakRssOver<T>(f: () => Promise<T>): Promise<[T, number]> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const result = await f();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return [result, peak - before];
}

const bigMessage = (attachmentBytes: number[]) =>
  message(
    [
      ['From', 'Ayse <ayse.yilmaz@gmail.com>'],
      ['To', 'support@support.example.com'],
      ['Subject', 'Videos'],
      ['Message-ID', '<bench@x>'],
    ],
    multipart('mixed', 'bench', [
      textPart('plain', 'Ekte.'),
      ...attachmentBytes.map((n, i) => filePart('video/mp4', pseudoRandomBytes(n, i + 1), { filename: `v${i}.mp4` })),
    ]),
  );

async function main() {
  const named = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.eml'))
    .map((name) => ({ name, raw: readFileSync(join(corpusDir, name)) }));
  const files = named.map((f) => f.raw);
  for (const raw of files) await parseEmail(raw); // warm up
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) for (const raw of files) times.push((await timed(() => parseEmail(raw)))[1]);
  times.sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);

  const nearLimit = bigMessage([7 * 1024 * 1024, 7 * 1024 * 1024]);
  const [[parsedNear, nearMs], nearRss] = await peakRssOver(() => timed(() => parseEmail(nearLimit)));
  const oversized = Buffer.concat([nearLimit, Buffer.alloc(DEFAULT_PARSE_LIMITS.maxMessageBytes, 'QUFB\r\n')]);
  const [parsedOver, overMs] = await timed(() => parseEmail(oversized));

  const comparison = await compareParsers(named, ROUNDS);
  // HTML nested deeper than any person writes: read flat in linear time (html-to-text's time grows with the square of the depth).
  const deepHtml = message(
    [
      ['From', 'x@example.com'],
      ['Subject', 'deep'],
    ],
    textPart('html', `${'<div>'.repeat(100_000)}<p>derin</p>${'</div>'.repeat(100_000)}`),
  );
  const [parsedDeep, deepMs] = await timed(() => parseEmail(deepHtml));

  const result = {
    comparedWithMailparser: comparison,
    corpus: {
      messages: files.length,
      rounds: ROUNDS,
      msgPerSec: round((times.length / total) * 1000, 1),
      p50Ms: round(percentile(times, 0.5)),
      p99Ms: round(percentile(times, 0.99)),
      maxMs: round(times.at(-1)!),
    },
    nearLimit: {
      bytes: nearLimit.length,
      attachmentsKept: parsedNear.attachments.filter((a) => !a.skipped).length,
      ms: round(nearMs, 0),
      peakRssMb: round(nearRss / 2 ** 20, 0),
    },
    deepHtml: { bytes: deepHtml.length, nesting: 100_000, text: parsedDeep.text, ms: round(deepMs, 0) },
    oversized: { bytes: oversized.length, errors: parsedOver.errors.map((e) => e.code), ms: round(overMs, 1) },
    limits: DEFAULT_PARSE_LIMITS,
  };
  console.table([
    { set: `corpus (${files.length} × ${ROUNDS})`, 'msg/s': result.corpus.msgPerSec, 'p50 ms': result.corpus.p50Ms, 'p99 ms': result.corpus.p99Ms },
  ]);
  console.table(comparisonRows(comparison));
  console.table([
    {
      message: `${(nearLimit.length / 2 ** 20).toFixed(1)} MB, 2 × 7 MB attachments`,
      ms: result.nearLimit.ms,
      'peak RSS over baseline (MB)': result.nearLimit.peakRssMb,
    },
    { message: `${(deepHtml.length / 2 ** 20).toFixed(1)} MB of HTML nested 100,000 deep`, ms: result.deepHtml.ms, 'peak RSS over baseline (MB)': '-' },
    { message: `${(oversized.length / 2 ** 20).toFixed(1)} MB (over the limit, headers only)`, ms: result.oversized.ms, 'peak RSS over baseline (MB)': '-' },
  ]);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/email-parse.json'), `${JSON.stringify(result, null, 2)}\n`);
}

await main();
