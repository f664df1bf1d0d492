import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Meta signs every webhook POST with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body,
 * keyed with the app secret>`. The raw bytes are what count: re-serialised JSON would not match.
 */
export function signMetaBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Compares in constant time; a missing or malformed header is simply not valid. */
export function isValidMetaSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  return sameSecret(signMetaBody(rawBody, appSecret), header.toLowerCase());
}

/** Telegram repeats the secret_token given to setWebhook in `X-Telegram-Bot-Api-Secret-Token`. */
export function isValidTelegramSecret(header: string | undefined, secretToken: string): boolean {
  return header !== undefined && sameSecret(header, secretToken);
}

/** Constant-time equality that does not leak the expected length through an early return on size. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  const padded = Buffer.alloc(b.length);
  a.copy(padded);
  return timingSafeEqual(padded, b) && a.length === b.length;
}
