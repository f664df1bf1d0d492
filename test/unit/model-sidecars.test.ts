import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '#brain/load-model';
import type { Model } from '#brain/model';
import { esbuildOptions } from '#local/bundle';

/**
 * The bundles carry the intent model's feature lists and packed weights as files beside the code
 * (lambdas/definitions/model-sidecars.ts): the model a bundle reads must be the model.json itself.
 */
const root = resolve(import.meta.dirname, '../..');
let dir: string;
let bundled: Model;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'destek-model-bundle-'));
  const outfile = join(dir, 'index.mjs');
  await build(esbuildOptions(join(root, 'test/fixtures/bundles/model-entry.ts'), outfile, { sourceMaps: false }, root));
  bundled = ((await import(pathToFileURL(outfile).href)) as { model: Model }).model;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the model in a bundle', () => {
  it('ships its feature lists and weights as files beside the code, not in it', () => {
    const files = readdirSync(dir);
    expect(
      files
        .filter((f) => !f.endsWith('.mjs'))
        .map((f) => f.replace(/-[A-Z0-9]+\./, '.'))
        .sort(),
    ).toEqual(['intent-features.txt', 'intent-weights.bin', 'language-features.txt', 'language-loglikelihoods.bin']);
    const weights = files.find((f) => f.startsWith('intent-weights'))!;
    const file = JSON.parse(readFileSync(join(root, 'lambdas/brain/model.json'), 'utf8')) as { intents: { weights: string } };
    expect(readFileSync(join(dir, weights)).equals(Buffer.from(file.intents.weights, 'base64'))).toBe(true);
    expect(statSync(join(dir, 'index.mjs')).size).toBeLessThan(200_000);
  });

  it('classifies and identifies languages exactly as the model file does', () => {
    const model = loadModel(root);
    expect(bundled.featureCounts).toEqual(model.featureCounts);
    for (const text of [
      'Siparişim nerede? 100234 numaralı kargom hâlâ gelmedi',
      'I want to return these shoes, they do not fit',
      'Faturamı nasıl indirebilirim',
      'hesabımı silmek istiyorum',
      'where is my refund',
    ]) {
      expect(bundled.intentProbabilities(text), text).toEqual(model.intentProbabilities(text));
      expect(bundled.language(text), text).toEqual(model.language(text));
    }
  });
});
