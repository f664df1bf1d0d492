import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelFile } from '#brain/model';
import { splitFeatures } from '#brain/packed';
import { loadIntents } from '#definitions/bot/load';
import { UsageError, type Command } from './command';
import { csvExamples, definitionExamples, isHeldOut, type Example } from './train/dataset';
import { trainIntents } from './train/train-intents';
import { trainLanguage } from './train/train-language';

export const MODEL_FILE = 'lambdas/brain/model.json';
export const LANGUAGE_SAMPLES = 'lambdas/definitions/bot/language-samples.jsonl';

export function otherLanguageSamples(root: string): string[] {
  const file = join(root, LANGUAGE_SAMPLES);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

/** Trains the shipped model from the bot definition plus labelled CSV files. Deterministic. */
export function buildModel(root: string, csvFiles: readonly string[]): ModelFile {
  const intents = loadIntents();
  const names = intents.map((i) => i.name);
  const known = new Set(names);
  const own = definitionExamples(intents).filter((e) => !isHeldOut(e));
  const extra: Example[] = csvFiles.flatMap((f) => csvExamples(f, known));
  const examples = [...own, ...extra];
  const byLocale = (l: string) => examples.filter((e) => e.locale === l).map((e) => e.text);
  return {
    format: 'destek-model/2',
    intents: trainIntents(examples, names),
    language: trainLanguage({ tr: byLocale('tr'), en: byLocale('en'), other: otherLanguageSamples(root) }),
    bot: intents.map(({ utterances: _u, boundaries: _b, ...runtime }) => runtime),
    trainedOn: Object.fromEntries(
      [...new Set(examples.map((e) => `${e.source}:${e.locale}`))].sort().map((k) => [k, examples.filter((e) => `${e.source}:${e.locale}` === k).length]),
    ),
  };
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train the built-in recognizer from the bot definition (+ labelled CSVs)',
  usage: `Usage: destek train [--data FILE.csv]... [--out FILE]

Trains the intent model and the language identifier from the bot definition's utterances
(lambdas/definitions/bot/intents/*.json; a fifth of the English ones are held out for the benchmark)
and every --data CSV (columns: utterance or text, intent, optional locale; intents must be in the bot
definition). Writes ${MODEL_FILE}, which the pipeline bundle includes. Same inputs, same file.

Options:
  --data FILE   a labelled CSV to train on as well (repeatable), e.g. ../shared/data/bitext/train.csv
  --out FILE    where to write the model (default ${MODEL_FILE})
  -h, --help    show this help`,
  options: { data: { type: 'string', multiple: true }, out: { type: 'string' } },
  async run(values) {
    const root = process.cwd();
    const data = (values.data as unknown as string[] | undefined) ?? [];
    for (const f of data) if (!existsSync(f)) throw new UsageError(`training data ${f} does not exist`);
    const started = Date.now();
    const model = buildModel(
      root,
      data.map((f) => resolve(f)),
    );
    const out = resolve(typeof values.out === 'string' ? values.out : join(root, MODEL_FILE));
    const text = `${JSON.stringify(model)}\n`;
    writeFileSync(out, text);
    console.log(
      `trained on ${Object.entries(model.trainedOn)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
        `${model.intents.classes.length} intents, ${splitFeatures(model.intents.vocab).length} intent features, ${splitFeatures(model.language.vocab).length} language features, ` +
        `temperature ${model.intents.temperature}; wrote ${out} (${(Buffer.byteLength(text) / 1024).toFixed(0)} kB)`,
    );
    return 0;
  },
};
