/**
 * The compact encodings of the model file: feature lists as one newline-separated string (a JSON
 * array spends three bytes of quotes and commas on each of tens of thousands of features), and
 * weights as 4-bit two's-complement values, two to a byte, low half first.
 */
export const joinFeatures = (features: readonly string[]): string => features.join('\n');

export const splitFeatures = (joined: string): string[] => (joined ? joined.split('\n') : []);

/** Values in -8..7, packed two to a byte, as base64. */
export function packInt4(values: Int8Array): string {
  const bytes = new Uint8Array(Math.ceil(values.length / 2));
  for (let i = 0; i < values.length; i++) bytes[i >> 1]! |= (values[i]! & 0x0f) << ((i & 1) * 4);
  return Buffer.from(bytes).toString('base64');
}

/** The inverse of packInt4, for `count` values. */
export function unpackInt4(packed: string, count: number): Int8Array {
  const bytes = Buffer.from(packed, 'base64');
  const out = new Int8Array(count);
  for (let i = 0; i < count; i++) out[i] = int4At(bytes, i);
  return out;
}

/**
 * The i-th value of packInt4's bytes, read in place: the model reads only the rows of a message's
 * features, so a cold start need not unpack a million weights first.
 */
export function int4At(bytes: Uint8Array, i: number): number {
  const nibble = (bytes[i >> 1]! >> ((i & 1) * 4)) & 0x0f;
  return nibble >= 8 ? nibble - 16 : nibble;
}

/**
 * Where `feature` is in a list sorted by code unit (as the trainer writes them), or -1: a binary
 * search, so loading the model builds no index of tens of thousands of entries.
 */
export function sortedIndexOf(sorted: readonly string[], feature: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid]!;
    if (at === feature) return mid;
    if (at < feature) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Whether a feature list is strictly ascending by code unit, as sortedIndexOf needs. */
export function isSortedFeatureList(features: readonly string[]): boolean {
  for (let i = 1; i < features.length; i++) if (!(features[i - 1]! < features[i]!)) return false;
  return true;
}
