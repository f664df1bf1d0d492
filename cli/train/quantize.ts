/**
 * Weights of a softmax over `classes` outputs, row per feature, to 4 bits. A feature adds its row to
 * every class's logit, so a constant added to a row changes no probability: each row is centred on
 * its mean first, which leaves only the differences that matter and halves the range to cover. The
 * scale puts the centred weight at `clipQuantile` of their magnitudes at 7 (the largest value four
 * bits hold); the few above it are clipped, so the many small ones keep more levels.
 */
export function quantizeRowsInt4(weights: Float64Array, classes: number, clipQuantile: number): { scale: number; values: Int8Array } {
  const centred = new Float64Array(weights.length);
  let max = 0;
  for (let base = 0; base < weights.length; base += classes) {
    let mean = 0;
    for (let c = 0; c < classes; c++) mean += weights[base + c]!;
    mean /= classes;
    for (let c = 0; c < classes; c++) {
      const v = weights[base + c]! - mean;
      centred[base + c] = v;
      max = Math.max(max, Math.abs(v));
    }
  }
  const sorted = Float64Array.from(centred, Math.abs).sort();
  const top = clipQuantile >= 1 ? max : sorted[Math.floor(clipQuantile * (sorted.length - 1))]!;
  const scale = top / 7 || 1;
  const values = Int8Array.from(centred, (v) => Math.max(-8, Math.min(7, Math.round(v / scale))));
  return { scale, values };
}
