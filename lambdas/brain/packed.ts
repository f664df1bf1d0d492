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
  for (let i = 0; i < count; i++) {
    const nibble = (bytes[i >> 1]! >> ((i & 1) * 4)) & 0x0f;
    out[i] = nibble >= 8 ? nibble - 16 : nibble;
  }
  return out;
}
