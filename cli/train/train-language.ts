import { languageFeatures } from '#brain/text';
import type { ModelFile } from '#brain/model';
import type { Language } from '#brain/types';
import { joinFeatures } from '#brain/packed';

/**
 * Naive Bayes over character 1–3-grams. Priors lean to Turkish and English, which is what a shop's
 * customers mostly write; "other" must win on its own evidence.
 */
export function trainLanguage(samples: Readonly<Record<Language, readonly string[]>>, alpha = 0.5): ModelFile['language'] {
  const classes: Language[] = ['tr', 'en', 'other'];
  const counts = new Map<string, number[]>();
  const totals = [0, 0, 0];
  classes.forEach((lang, c) => {
    for (const text of samples[lang]) {
      for (const g of languageFeatures(text)) {
        let row = counts.get(g);
        if (!row) counts.set(g, (row = [0, 0, 0]));
        row[c]!++;
        totals[c]!++;
      }
    }
  });
  const vocab = [...counts.entries()]
    .filter(([, r]) => r[0]! + r[1]! + r[2]! >= 2)
    .map(([g]) => g)
    .sort();
  const v = vocab.length;
  const logL = (count: number, c: number) => Math.log((count + alpha) / (totals[c]! + alpha * v));
  let maxNeg = 0;
  const raw = vocab.flatMap((g) => counts.get(g)!.map((n, c) => -logL(n, c)));
  for (const x of raw) maxNeg = Math.max(maxNeg, x);
  const scale = maxNeg / 255;
  const q = Uint8Array.from(raw, (x) => Math.min(255, Math.round(x / scale)));
  const priors = [0.45, 0.45, 0.1];
  return {
    classes,
    logPriors: priors.map((p) => Number(Math.log(p).toPrecision(8))),
    vocab: joinFeatures(vocab),
    logLikelihoods: Buffer.from(q).toString('base64'),
    scale: Number(scale.toPrecision(8)),
    unseen: classes.map((_, c) => Number(logL(0, c).toPrecision(8))),
  };
}
