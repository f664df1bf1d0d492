/**
 * Stands in for `he` in the Lambda bundles (lambdas/definitions/bundling.ts aliases it here). mailparser
 * only escapes with it (header values of an attached message in its HTML); the 87 kB package is mostly
 * the named references it would decode. This is `he.encode` with its default options: `"&'<>` and
 * backtick, every non-ASCII and control character as a hexadecimal reference.
 */
export class HtmlDecodingNotBundledError extends Error {
  override name = 'HtmlDecodingNotBundledError';
}

const hex = (codePoint: number) => `&#x${codePoint.toString(16).toUpperCase()};`;

export function encode(text: string): string {
  return text
    .replace(/["&'<>`]/g, (c) => hex(c.charCodeAt(0)))
    .replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, (pair) => hex(pair.codePointAt(0)!))
    .replace(/[\x01-\t\x0B\f\x0E-\x1F\x7F\x81\x8D\x8F\x90\x9D\xA0-\uFFFF]/g, (c) => hex(c.charCodeAt(0)));
}

export function decode(): never {
  throw new HtmlDecodingNotBundledError('he.decode is not bundled: mailparser only encodes, and html-to-text decodes with entities');
}

export default { encode, decode, escape: encode };
