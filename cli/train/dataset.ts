import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IntentDefinition } from '#definitions/bot/schema';
import { csvRecords } from './csv';

export interface Example {
  readonly text: string;
  readonly intent: string;
  readonly locale: string;
  /** 'definition' for the bot definition's own utterances, else the CSV file's name. */
  readonly source: string;
}

const hashFraction = (text: string, salt: string) => createHash('sha256').update(`${salt}:${text}`).digest().readUInt32BE(0) / 2 ** 32;

/**
 * A fifth of the English definition utterances never enter training: they are the held-out set the
 * benchmark measures on. Chosen by a hash of the text, so the split is stable and reproducible.
 */
export function isHeldOut(example: Pick<Example, 'text' | 'locale' | 'source'>): boolean {
  return example.source === 'definition' && example.locale === 'en' && hashFraction(example.text, 'held-out') < 0.2;
}

export function definitionExamples(intents: readonly IntentDefinition[]): Example[] {
  return intents.flatMap((i) =>
    Object.entries(i.utterances).flatMap(([locale, list]) => list.map((text) => ({ text, intent: i.name, locale, source: 'definition' }))),
  );
}

/**
 * Labelled utterances from a CSV with an utterance (or text) column and an intent column, and
 * optionally a locale column (default en). Every intent must be one of the bot definition's.
 */
export function csvExamples(path: string, known: ReadonlySet<string>): Example[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`cannot read training data ${path}`);
  }
  const records = csvRecords(text);
  const source = path.split('/').pop()!;
  return records.map((r, n) => {
    const utterance = r.utterance ?? r.text;
    const intent = r.intent?.trim();
    if (!utterance || !intent) throw new Error(`${path}: row ${n + 2} needs an utterance (or text) and an intent column`);
    if (!known.has(intent)) throw new Error(`${path}: row ${n + 2}: intent "${intent}" is not in the bot definition`);
    return { text: utterance, intent, locale: r.locale?.trim() || 'en', source };
  });
}

/** Deterministic fraction in [0, 1) of a text, for splits that do not depend on order. */
export const splitFraction = hashFraction;
