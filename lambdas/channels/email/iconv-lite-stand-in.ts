import { type Charset, charsetExists, charsetOf, type ChunkDecoder, decodeCharset } from './charsets';

/**
 * Stands in for `iconv-lite` in the Lambda bundles (lambdas/definitions/bundling.ts aliases it here):
 * its users there (libmime, through mailparser and mailsplit) only decode, and charsets.ts decodes
 * with Node's TextDecoder what iconv-lite's 490 kB of tables did. The part of its API they call.
 */
export class EncodingNotBundledError extends Error {
  override name = 'EncodingNotBundledError';
}

const asBytes = (input: Uint8Array | string) => (typeof input === 'string' ? Buffer.from(input, 'binary') : input);

export const getCodec = (encoding: string): Charset => charsetOf(encoding);
export const encodingExists = (encoding: string): boolean => charsetExists(encoding);
export const decode = (input: Uint8Array | string, encoding: string): string => decodeCharset(asBytes(input), encoding);
export const getDecoder = (encoding: string): ChunkDecoder => charsetOf(encoding).chunkDecoder();

/** Mail is composed in UTF-8 (nodemailer); nothing in the bundles encodes to another charset. */
export function encode(text: string, encoding: string): Buffer {
  if (/^utf-?8$/i.test(encoding)) return Buffer.from(text, 'utf8');
  throw new EncodingNotBundledError(`encoding to ${encoding} is not bundled: only decoding is`);
}

export default { getCodec, encodingExists, decode, getDecoder, encode };
