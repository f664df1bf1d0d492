import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadModel } from '#brain/load-model';
import { int4At, isSortedFeatureList, joinFeatures, packInt4, sortedIndexOf, splitFeatures, unpackInt4 } from '#brain/packed';
import { softmax } from '#brain/model';
import { quantizeRowsInt4 } from '#cli/train/quantize';

describe('the model file encodings', () => {
  it('packs every 4-bit value, odd counts included, and unpacks them unchanged', () => {
    const values = Int8Array.from([-8, -1, 0, 1, 7, 3, -5]);
    expect(Array.from(unpackInt4(packInt4(values), values.length))).toEqual(Array.from(values));
    expect(Buffer.from(packInt4(values), 'base64')).toHaveLength(4);
  });

  it('reads each packed value in place as unpacking gives it', () => {
    const values = Int8Array.from([-8, -1, 0, 1, 7, 3, -5]);
    const bytes = Buffer.from(packInt4(values), 'base64');
    expect(Array.from(values, (_v, i) => int4At(bytes, i))).toEqual(Array.from(values));
  });

  it('finds every feature of a sorted list by binary search, and no feature that is not there', () => {
    const sorted = [' a', 'b:0_a', 'c:^si', 'w:nerede', 'w:sipariş'];
    sorted.forEach((f, i) => expect(sortedIndexOf(sorted, f)).toBe(i));
    for (const missing of ['', ' ', 'b:', 'w:z', 'zzz']) expect(sortedIndexOf(sorted, missing)).toBe(-1);
    expect(sortedIndexOf([], 'w:a')).toBe(-1);
  });

  it('ships feature lists sorted as the binary search needs them', () => {
    const { file } = loadModel(resolve(import.meta.dirname, '../..'));
    expect(isSortedFeatureList(splitFeatures(file.intents.vocab))).toBe(true);
    expect(isSortedFeatureList(splitFeatures(file.language.vocab))).toBe(true);
    expect(isSortedFeatureList(['w:b', 'w:a'])).toBe(false);
  });

  it('splits the newline-joined feature list back into the same features, and an empty one into none', () => {
    const features = ['b:0_kargo', 'c:^si', 'w:nerede', ' a '];
    expect(splitFeatures(joinFeatures(features))).toEqual(features);
    expect(splitFeatures(joinFeatures([]))).toEqual([]);
  });
});

describe('4-bit row-centred quantisation', () => {
  const classes = 3;
  const weights = Float64Array.from([-3.0, -2.5, 1.0, -4.0, -4.0, -4.0, 0.25, -0.5, 0.5]);

  it('keeps every value within -8..7 and each row’s differences, so the probabilities stay', () => {
    const { scale, values } = quantizeRowsInt4(weights, classes, 1);
    expect(Math.max(...values)).toBeLessThanOrEqual(7);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-8);
    // A row that is the same for every class says nothing: it becomes zeros.
    expect(Array.from(values.subarray(3, 6))).toEqual([0, 0, 0]);
    const logits = (w: ArrayLike<number>, s = 1) => [0, 1, 2].map((c) => (w[c]! + w[3 + c]! + w[6 + c]!) * s);
    const exact = softmax(logits(weights), 1);
    const quantised = softmax(logits(values, scale), 1);
    exact.forEach((p, c) => expect(quantised[c]).toBeCloseTo(p, 1));
  });

  it('clips the rare largest weights when the scale comes from a quantile', () => {
    const wide = Float64Array.from([0, 0, 100, 0, 0, 1, 0, 0, 2]);
    const { values } = quantizeRowsInt4(wide, classes, 0.5);
    expect(Math.max(...values)).toBe(7);
    expect(values.filter((v) => v === 7).length).toBeGreaterThan(0);
  });
});
