/**
 * The built-in recognizer, measured: intent accuracy and macro-F1 on the Bitext validation split
 * (never trained on), on the held-out fifth of our English utterances, and on the Turkish test set;
 * language identification; the confusions that remain; calibration; time per message; model size.
 * Writes bench/results/brain.json.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Model, type ModelFile } from '#brain/model';
import { closeCall } from '#brain/clarify';
import { separateRequests } from '#brain/requests';
import { BuiltinRecognizer } from '#brain/recognizer';
import { DEFAULT_CONFIG_FILE, loadConfig } from '#config/config';
import type { Language } from '#brain/types';
import { loadIntents } from '#definitions/bot/load';
import { csvRecords } from '#cli/train/csv';
import { definitionExamples, isHeldOut } from '#cli/train/dataset';
import { percentile } from './stats';

const root = resolve(import.meta.dirname, '..');
const BITEXT_VALIDATION = resolve(root, '../shared/data/bitext/validation.csv');

export interface LabelledSet {
  readonly name: string;
  readonly items: readonly { text: string; intent: string; lang: Language }[];
}

export function testSets(): LabelledSet[] {
  const intents = loadIntents();
  const heldOut = definitionExamples(intents)
    .filter(isHeldOut)
    .map((e) => ({ text: e.text, intent: e.intent, lang: 'en' as const }));
  const turkish = jsonlSet('bench/data/tr', 'tr');
  const bitext = csvRecords(readFileSync(BITEXT_VALIDATION, 'utf8')).map((r) => ({ text: r.utterance!, intent: r.intent!, lang: 'en' as const }));
  return [
    { name: 'bitext-validation', items: bitext },
    { name: 'english-held-out', items: heldOut },
    { name: 'turkish-test', items: turkish },
    // Written from the intents' descriptions only, by writers who never saw the training utterances.
    { name: 'turkish-blind', items: jsonlSet('bench/data/blind-tr', 'tr') },
    { name: 'english-blind', items: jsonlSet('bench/data/blind-en', 'en') },
  ];
}

/** Every `{text, intent}` line of a folder's .jsonl files. */
function jsonlSet(dir: string, lang: Language): LabelledSet['items'] {
  const full = join(root, dir);
  return readdirSync(full)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) =>
      readFileSync(join(full, f), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => ({ ...(JSON.parse(l) as { text: string; intent: string }), lang })),
    );
}

export function scores(pairs: readonly { expected: string; predicted: string }[]) {
  const labels = [...new Set(pairs.map((p) => p.expected))];
  const f1s = labels.map((l) => {
    const tp = pairs.filter((p) => p.expected === l && p.predicted === l).length;
    const fp = pairs.filter((p) => p.expected !== l && p.predicted === l).length;
    const fn = pairs.filter((p) => p.expected === l && p.predicted !== l).length;
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  });
  const confusions = new Map<string, number>();
  for (const p of pairs)
    if (p.expected !== p.predicted) confusions.set(`${p.expected} → ${p.predicted}`, (confusions.get(`${p.expected} → ${p.predicted}`) ?? 0) + 1);
  return {
    n: pairs.length,
    accuracy: round(pairs.filter((p) => p.expected === p.predicted).length / pairs.length),
    macroF1: round(f1s.reduce((a, b) => a + b, 0) / f1s.length),
    confusions: [...confusions.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([pair, count]) => ({ pair, count })),
  };
}

const round = (n: number, d = 4) => Math.round(n * 10 ** d) / 10 ** d;

/** Expected calibration error over 10 confidence bins: how far stated confidence is from accuracy. */
function calibrationError(items: readonly { confidence: number; correct: boolean }[]): number {
  let ece = 0;
  for (let b = 0; b < 10; b++) {
    const bin = items.filter((i) => i.confidence > b / 10 && i.confidence <= (b + 1) / 10);
    if (!bin.length) continue;
    const acc = bin.filter((i) => i.correct).length / bin.length;
    const conf = bin.reduce((a, i) => a + i.confidence, 0) / bin.length;
    ece += (bin.length / items.length) * Math.abs(acc - conf);
  }
  return round(ece);
}

const ASCII: Record<string, string> = { ç: 'c', Ç: 'C', ğ: 'g', Ğ: 'G', ı: 'i', İ: 'I', ö: 'o', Ö: 'O', ş: 's', Ş: 'S', ü: 'u', Ü: 'U' };

/**
 * Language identification where it is hard: every Turkish test message typed without Turkish
 * letters, and the short ones (three words at most) of every set but Bitext's.
 */
function hardLanguageCases(model: Model, sets: readonly LabelledSet[]) {
  const ours = sets.filter((s) => s.name !== 'bitext-validation').flatMap((s) => s.items);
  const rate = (items: readonly { text: string; lang: Language }[]) => ({
    n: items.length,
    accuracy: round(items.filter((i) => model.language(i.text).lang === i.lang).length / items.length),
  });
  return {
    turkishWithoutTurkishLetters: rate(ours.filter((i) => i.lang === 'tr').map((i) => ({ ...i, text: i.text.replace(/[çÇğĞıİöÖşŞüÜ]/g, (c) => ASCII[c]!) }))),
    short: rate(ours.filter((i) => i.text.trim().split(/\s+/).length <= 3)),
  };
}

export async function runBrainBench(modelPath = join(root, 'lambdas/brain/model.json')) {
  const model = new Model(JSON.parse(readFileSync(modelPath, 'utf8')) as ModelFile);
  const config = loadConfig(DEFAULT_CONFIG_FILE, root);
  const recognizer = new BuiltinRecognizer(model, { orderNumberPattern: config.brain.orderNumberPattern, outOfScopeBelow: config.brain.outOfScopeBelow });
  const sets = testSets();
  const results: Record<
    string,
    ReturnType<typeof scores> & { calibrationError: number; clarifyingShare: number; afterClarifying: number; severalRequestsShare: number }
  > = {};
  const alwaysHuman = (intent: string) => recognizer.definitions.get(intent)?.alwaysHuman ?? false;
  const times: number[] = [];
  const langPairs: { expected: string; predicted: string }[] = [];
  for (const set of sets) {
    const pairs: { expected: string; predicted: string }[] = [];
    const calib: { confidence: number; correct: boolean }[] = [];
    let asked = 0;
    let several = 0;
    let rightAfterAsking = 0;
    for (const item of set.items) {
      const t = performance.now();
      const c = recognizer.classify(item.text);
      times.push(performance.now() - t);
      pairs.push({ expected: item.intent, predicted: c.intent });
      // The bot asks rather than guesses here; the customer's choice is the intent they meant when it is one of the two.
      const close = closeCall(c.top, alwaysHuman);
      if (close) asked++;
      if (separateRequests(item.text, recognizer).length) several++;
      if (close ? close.includes(item.intent) : c.intent === item.intent) rightAfterAsking++;
      calib.push({ confidence: c.confidence, correct: c.intent === item.intent });
      langPairs.push({ expected: item.lang, predicted: c.lang });
    }
    results[set.name] = {
      ...scores(pairs),
      calibrationError: calibrationError(calib),
      clarifyingShare: round(asked / set.items.length),
      afterClarifying: round(rightAfterAsking / set.items.length),
      severalRequestsShare: round(several / set.items.length),
    };
  }
  const others = readFileSync(join(root, 'bench/data/other-languages.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
  for (const text of others) langPairs.push({ expected: 'other', predicted: model.language(text).lang });
  const lang = scores(langPairs);
  const perLang = Object.fromEntries(
    (['tr', 'en', 'other'] as const).map((l) => {
      const mine = langPairs.filter((p) => p.expected === l);
      return [l, { n: mine.length, accuracy: round(mine.filter((p) => p.predicted === l).length / mine.length) }];
    }),
  );
  return {
    when: new Date().toISOString(),
    intents: results,
    language: {
      n: lang.n,
      accuracy: lang.accuracy,
      macroF1: lang.macroF1,
      perLanguage: perLang,
      ...hardLanguageCases(model, sets),
      confusions: lang.confusions,
    },
    timing: { messages: times.length, medianMs: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)) },
    model: {
      bytes: statSync(modelPath).size,
      intentFeatures: model.featureCounts.intents,
      languageFeatures: model.featureCounts.language,
      temperature: model.file.intents.temperature,
    },
    targets: {
      bitextMacroF1: 0.99,
      turkishBlindMacroF1: 0.95,
      englishBlindMacroF1: 0.93,
      languageAccuracy: 0.99,
      clarifyingShareBelow: 0.1,
      medianMs: 0.2,
      modelBytes: 1024 * 1024,
    },
  };
}

export function printBrain(r: Awaited<ReturnType<typeof runBrainBench>>) {
  console.log('\nBuilt-in recognizer\n');
  console.table(
    Object.fromEntries(
      Object.entries(r.intents).map(([k, v]) => [
        k,
        {
          messages: v.n,
          accuracy: v.accuracy,
          'macro-F1': v.macroF1,
          ECE: v.calibrationError,
          asked: v.clarifyingShare,
          'several requests': v.severalRequestsShare,
          'right after asking': v.afterClarifying,
        },
      ]),
    ),
  );
  console.table({
    'language identification': {
      messages: r.language.n,
      accuracy: r.language.accuracy,
      tr: r.language.perLanguage.tr!.accuracy,
      en: r.language.perLanguage.en!.accuracy,
      other: r.language.perLanguage.other!.accuracy,
      'tr without ç ğ ı ö ş ü': r.language.turkishWithoutTurkishLetters.accuracy,
      'short (≤3 words)': r.language.short.accuracy,
    },
    'time per message (ms)': { median: r.timing.medianMs, p99: r.timing.p99Ms },
    model: { bytes: r.model.bytes, 'intent features': r.model.intentFeatures, temperature: r.model.temperature },
  });
  for (const [k, v] of Object.entries(r.intents)) console.log(`${k} confusions: ${v.confusions.map((c) => `${c.pair} (${c.count})`).join(', ') || 'none'}`);
  console.log(`language confusions: ${r.language.confusions.map((c) => `${c.pair} (${c.count})`).join(', ') || 'none'}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runBrainBench();
  printBrain(r);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/brain.json'), `${JSON.stringify(r, null, 2)}\n`);
  console.log('written to bench/results/brain.json');
}
