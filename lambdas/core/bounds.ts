import { createHash } from 'node:crypto';

/**
 * Storage limits count bytes, not characters: a DynamoDB partition key holds 2,048 bytes of UTF-8, a
 * sort key 1,024, an item 400 KB with every attribute; an SQS message 256 KiB (the historic limit,
 * kept as the budget so a queue created with it still takes every message). A Turkish or emoji
 * string is up to 4 bytes a character, so every bound here is in UTF-8 bytes.
 */
export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A half of a surrogate pair is no character: it becomes U+FFFD, as UTF-8 storage would make it anyway. */
export const wellFormed = (s: string): string => s.replace(loneSurrogate, '\uFFFD');
const isWellFormed = (s: string): boolean => !new RegExp(loneSurrogate.source).test(s);

/** The longest prefix of `s` within `maxBytes` of UTF-8, never splitting a code point. */
export function cutUtf8(s: string, maxBytes: number): string {
  if (s.length <= maxBytes / 3 || utf8Bytes(s) <= maxBytes) return wellFormed(s);
  const bytes = Buffer.from(wellFormed(s), 'utf8');
  let end = Math.max(0, maxBytes);
  // Back off continuation bytes (10xxxxxx) so the cut lands on a code point's first byte.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

export const sha256Hex = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');

/**
 * A key part from a value someone else chose (a Message-ID, a subject, a provider's id): itself when
 * short enough, else `sha256:` and the hash of the whole value. Writers and readers both build keys
 * with this, so a long value finds its item again; two long values never share a key.
 */
export const KEY_PART_MAX_BYTES = 900;
export function keyPart(value: string, maxBytes = KEY_PART_MAX_BYTES): string {
  return utf8Bytes(value) <= maxBytes && isWellFormed(value) ? value : `sha256:${sha256Hex(value)}`;
}

/** Bytes a value takes in a JSON document (a queue message): escapes count. */
export const jsonBytes = (value: unknown): number => utf8Bytes(JSON.stringify(value) ?? '');

/** Control characters other than tab and line breaks mean nothing in a text view and cost 6 bytes in JSON. */
export const dropControls = (s: string): string => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
