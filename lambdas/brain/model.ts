import type { IntentDefinition } from '#definitions/bot/schema';
import { intentFeatures, languageFeatures } from './text';

/** What the pipeline needs of the bot definition at run time: everything but the utterances and the boundaries' notes. */
export type RuntimeIntent = Omit<IntentDefinition, 'utterances' | 'boundaries'>;
import { int4At, splitFeatures } from './packed';
import type { IntentScore, Language } from './types';

/**
 * The trained model as it ships in the Lambda bundle (lambdas/brain/model.json, made by
 * `npm run train`): a softmax regression over word and character n-gram features for intents, with
 * a temperature that calibrates its probabilities, and a naive Bayes character n-gram model for
 * language. Weights are 4-bit / uint8, base64-encoded, feature lists newline-separated (packed.ts),
 * to keep the file small and quick to load.
 */
export interface ModelFile {
  readonly format: 'destek-model/2';
  readonly intents: {
    readonly classes: readonly string[];
    readonly temperature: number;
    readonly scale: number;
    readonly bias: readonly number[];
    /** The features, newline-separated. */
    readonly vocab: string;
    /** int4 (packInt4), vocab × classes, row-major, each row centred; weight = value × scale. Base64 in the file; the bytes themselves where a bundle reads them from a file beside it. */
    readonly weights: string | Uint8Array;
  };
  readonly language: {
    readonly classes: readonly Language[];
    readonly logPriors: readonly number[];
    /** The character n-grams, newline-separated. */
    readonly vocab: string;
    /** uint8, vocab.length × classes.length; log p(gram | class) = -value × scale. Base64, or the bytes (as weights). */
    readonly logLikelihoods: string | Uint8Array;
    readonly scale: number;
    /** log p(unseen gram | class). */
    readonly unseen: readonly number[];
  };
  readonly trainedOn: Readonly<Record<string, number>>;
  /** The bot definition without utterances (answers, thresholds, slots), so one file ships the bot. */
  readonly bot: readonly RuntimeIntent[];
}

/** Scripts that are neither Turkish nor English: Cyrillic, Greek, Arabic, Hebrew, Devanagari, CJK … */
const NON_LATIN =
  /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Devanagari}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Armenian}\p{Script=Georgian}]/gu;
const LETTER = /\p{L}/gu;

const packedBytes = (packed: string | Uint8Array): Uint8Array => (typeof packed === 'string' ? new Uint8Array(Buffer.from(packed, 'base64')) : packed);

/**
 * Loading is part of every pipeline cold start, so it builds nothing per feature: the 4-bit weights
 * are read where they are packed, and the feature lists are indexed only when the first message is
 * read (a hash index: about 4 ms once, then each lookup about ten times faster than a binary search).
 */
export class Model {
  private readonly intentVocab: readonly string[];
  private readonly intentWeights: Uint8Array;
  private readonly languageVocab: readonly string[];
  private readonly languageLogL: Uint8Array;
  private intentRows: ReadonlyMap<string, number> | undefined;
  private languageRows: ReadonlyMap<string, number> | undefined;

  constructor(readonly file: ModelFile) {
    if (file.format !== 'destek-model/2') throw new Error(`model format ${String(file.format)} is not destek-model/2: run npm run train`);
    this.intentVocab = splitFeatures(file.intents.vocab);
    this.intentWeights = packedBytes(file.intents.weights);
    this.languageVocab = splitFeatures(file.language.vocab);
    this.languageLogL = packedBytes(file.language.logLikelihoods);
  }

  get intents(): readonly string[] {
    return this.file.intents.classes;
  }

  /** How many features each part knows (benchmarks, `destek train`). */
  get featureCounts(): { intents: number; language: number } {
    return { intents: this.intentVocab.length, language: this.languageVocab.length };
  }

  /** Calibrated probabilities of every intent, most likely first, and how many features were known. */
  intentProbabilities(text: string): { scores: IntentScore[]; knownFeatures: number } {
    const { classes, bias, scale, temperature } = this.file.intents;
    const k = classes.length;
    const logits = Float64Array.from(bias);
    const index = (this.intentRows ??= rowsOf(this.intentVocab));
    const rows: number[] = [];
    for (const f of intentFeatures(text)) {
      const row = index.get(f);
      if (row !== undefined) rows.push(row);
    }
    // Whole-number sums per class first, scaled once: features are L2-normalised per message in
    // training, so a long e-mail weighs as much as a short line.
    const sums = new Int32Array(k);
    for (const row of rows) {
      const base = row * k;
      for (let c = 0; c < k; c++) sums[c]! += int4At(this.intentWeights, base + c);
    }
    const factor = rows.length ? scale / Math.sqrt(rows.length) : 0;
    for (let c = 0; c < k; c++) logits[c]! += sums[c]! * factor;
    return {
      scores: softmax(logits, temperature)
        .map((p, c) => ({ intent: classes[c]!, confidence: p }))
        .sort((a, b) => b.confidence - a.confidence),
      knownFeatures: rows.length,
    };
  }

  /** Turkish, English or other, with the posterior of the winner. */
  language(text: string): { lang: Language; confidence: number } {
    const letters = text.match(LETTER)?.length ?? 0;
    const foreign = text.match(NON_LATIN)?.length ?? 0;
    if (letters > 0 && foreign / letters > 0.3) return { lang: 'other', confidence: 1 };
    const { classes, logPriors, unseen, scale } = this.file.language;
    const k = classes.length;
    const logp = Float64Array.from(logPriors);
    const grams = languageFeatures(text);
    const index = (this.languageRows ??= rowsOf(this.languageVocab));
    for (const g of grams) {
      const row = index.get(g);
      for (let c = 0; c < k; c++) logp[c]! += row === undefined ? unseen[c]! : -this.languageLogL[row * k + c]! * scale;
    }
    const post = softmax(logp, 1);
    let best = 0;
    for (let c = 1; c < k; c++) if (post[c]! > post[best]!) best = c;
    return { lang: classes[best]!, confidence: post[best]! };
  }
}

/** Each feature's row: its place in the trainer's sorted list. */
function rowsOf(features: readonly string[]): ReadonlyMap<string, number> {
  const rows = new Map<string, number>();
  for (let i = 0; i < features.length; i++) rows.set(features[i]!, i);
  return rows;
}

export function softmax(logits: ArrayLike<number>, temperature: number): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]! / temperature);
  const exps = Array.from(logits, (l) => Math.exp(l / temperature - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
