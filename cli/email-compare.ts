/**
 * Our parser next to mailparser used as it comes (`simpleParser(raw)`, default options), over a set of
 * raw mails: how many yield text, how many texts, subjects, sender names and file names still carry
 * something undecoded or unreadable, and how long each takes. `destek email parse --compare` prints it
 * for any folder of mail (a shop's own); bench/email-parse.ts records it for our corpus.
 */
import { simpleParser } from 'mailparser';
import { parseEmail } from '#channels/email/parse';

/** What one parser made of one message, reduced to what the comparison checks. */
export interface Reading {
  readonly text: string;
  readonly subject: string;
  readonly fromName: string;
  readonly filenames: readonly string[];
  readonly ms: number;
}

// Characters a decoder left undecoded: encoded words, UTF-7 or JIS escapes, replacement characters.
const undecoded: readonly [string, RegExp][] = [
  ['encoded word', /=\?[\w-]+\?[bq]\?/i],
  ['UTF-7', /\+A[A-Za-z0-9+/]{2,}-/],
  ['JIS escape', /\u001b[$(]/],
  ['replacement character', /\ufffd/],
];
// What a reader never sees: markup, styles, image references and addresses (logos, tracking pixels).
const textJunk: readonly [string, RegExp][] = [
  ['markup', /<\/?(?:[a-z][a-z0-9]*|!--)[\s>/]/i],
  ['styles', /\{[^{}]*\b(?:font-|margin|color|display)\s*:[^{}]*\}/i],
  ['image reference', /\[?cid:[^\s\]]+/i],
  ['image address', /\[https?:\/\/[^\]\s]+\.(?:png|gif|jpe?g|webp)(?:\?[^\]\s]*)?\]/i],
  ...undecoded,
];

export const junkIn = (s: string, checks = textJunk) => checks.filter(([, re]) => re.test(s)).map(([name]) => name);

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await f();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

export async function readWithDestek(raw: Buffer): Promise<Reading> {
  const [p, ms] = await timed(() => parseEmail(raw));
  return { text: p.text, subject: p.subject, fromName: p.from?.name ?? '', filenames: p.attachments.map((a) => a.filename), ms };
}

export async function readWithMailparser(raw: Buffer): Promise<Reading> {
  try {
    const [m, ms] = await timed(() => simpleParser(raw));
    const from = m.from?.value[0]?.name ?? '';
    return { text: (m.text ?? '').trim(), subject: m.subject ?? '', fromName: from, filenames: m.attachments.map((a) => a.filename ?? ''), ms };
  } catch {
    return { text: '', subject: '', fromName: '', filenames: [], ms: 0 };
  }
}

export interface ParserSummary {
  readonly messages: number;
  /** Messages with any text at all. */
  readonly withText: number;
  /** Texts with markup, styles, cid: references, undecoded words or escapes left in. */
  readonly junkyText: number;
  /** Subjects or sender names with undecoded words or escapes left in. */
  readonly undecodedHeaders: number;
  /** File names with undecoded words or escapes left in, or none at all. */
  readonly unreadableFilenames: number;
  readonly totalMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const round = (n: number) => Number(n.toFixed(2));

export function summarise(readings: readonly Reading[]): ParserSummary {
  const times = readings.map((r) => r.ms).sort((a, b) => a - b);
  return {
    messages: readings.length,
    withText: readings.filter((r) => r.text.trim()).length,
    junkyText: readings.filter((r) => junkIn(r.text).length).length,
    undecodedHeaders: readings.filter((r) => junkIn(`${r.subject}\n${r.fromName}`, undecoded).length).length,
    unreadableFilenames: readings.filter((r) => r.filenames.some((f) => !f.trim() || junkIn(f, undecoded).length)).length,
    totalMs: round(times.reduce((a, b) => a + b, 0)),
    p50Ms: round(percentile(times, 0.5)),
    p99Ms: round(percentile(times, 0.99)),
  };
}

export interface Comparison {
  readonly destek: ParserSummary;
  readonly mailparser: ParserSummary;
  /** Messages where only one of the two found text, by file. */
  readonly textOnlyFrom: { readonly destek: readonly string[]; readonly mailparser: readonly string[] };
}

/** Both parsers over the same messages; with `rounds` > 1 the times are of every round (the content is the same each time). */
export async function compareParsers(messages: readonly { name: string; raw: Buffer }[], rounds = 1): Promise<Comparison> {
  const ours: Reading[] = [];
  const theirs: Reading[] = [];
  const times = { destek: [] as number[], mailparser: [] as number[] };
  // Both warmed up first, so neither pays for loading and compiling its code in the times.
  for (const { raw } of messages.slice(0, 3)) await Promise.all([readWithDestek(raw), readWithMailparser(raw)]);
  for (let round = 0; round < rounds; round++) {
    for (const { raw } of messages) {
      const a = await readWithDestek(raw);
      const b = await readWithMailparser(raw);
      times.destek.push(a.ms);
      times.mailparser.push(b.ms);
      if (round === 0) {
        ours.push(a);
        theirs.push(b);
      }
    }
  }
  const onlyFrom = (x: Reading[], y: Reading[]) => messages.filter((_, i) => x[i]!.text.trim() && !y[i]!.text.trim()).map((m) => m.name);
  const summary = (readings: Reading[], ms: number[]) => ({ ...summarise(readings), ...timesOf(ms, rounds) });
  return {
    destek: summary(ours, times.destek),
    mailparser: summary(theirs, times.mailparser),
    textOnlyFrom: { destek: onlyFrom(ours, theirs), mailparser: onlyFrom(theirs, ours) },
  };
}

function timesOf(ms: readonly number[], rounds: number) {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50Ms: round(percentile(sorted, 0.5)), p99Ms: round(percentile(sorted, 0.99)), totalMs: round(sorted.reduce((a, b) => a + b, 0) / rounds) };
}

/** The comparison as rows for console.table. */
export function comparisonRows(c: Comparison) {
  return (['destek', 'mailparser'] as const).map((parser) => {
    const s = c[parser];
    return {
      parser: parser === 'destek' ? 'destek email parse' : 'mailparser as it comes',
      messages: s.messages,
      'with text': s.withText,
      'junk in text': s.junkyText,
      'undecoded subject/name': s.undecodedHeaders,
      'unreadable file names': s.unreadableFilenames,
      'p50 ms': s.p50Ms,
      'p99 ms': s.p99Ms,
    };
  });
}
