import { decodeCharset } from './charsets';

/**
 * Stands in for `encoding-japanese` in the Lambda bundles (lambdas/definitions/bundling.ts aliases it
 * here). libmime asks it for the Japanese charsets iconv-lite lacks (ISO-2022-JP, which it calls JIS,
 * and EUC-JP); Node's TextDecoder knows both. Anything else throws, and libmime goes on as it does
 * when the real package cannot convert.
 */
export class JapaneseCharsetError extends Error {
  override name = 'JapaneseCharsetError';
}

const labelOf = (from: string): string | undefined => {
  const name = from.toUpperCase().replace(/[^A-Z0-9]+/g, '');
  if (name.startsWith('JIS') || name.startsWith('ISO2022JP')) return 'iso-2022-jp';
  if (name.startsWith('EUCJP')) return 'euc-jp';
  return undefined;
};

export function convert(data: Uint8Array, options: { readonly to: string; readonly from: string; readonly type?: string }): string {
  const label = labelOf(String(options.from));
  if (options.to.toUpperCase() !== 'UNICODE' || options.type !== 'string' || !label) {
    throw new JapaneseCharsetError(`only decoding ISO-2022-JP and EUC-JP to a string is bundled, not ${options.from} to ${options.to}`);
  }
  return decodeCharset(data, label);
}

export default { convert };
