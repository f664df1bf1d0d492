import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed outgoing webhooks: `Destek-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * with the webhook's secret. The timestamp inside the signed text lets a receiver refuse an old
 * delivery replayed by someone else (300 s is the usual tolerance); the event's own id (detail.eventId)
 * lets it drop a redelivery it has seen.
 */
export const SIGNATURE_HEADER = 'destek-signature';
export const EVENT_ID_HEADER = 'destek-event-id';

const hmac = (secret: string, timestamp: number, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export function signWebhook(secret: string, body: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

/** What a receiver does (README, "Events"): true when the signature is the secret's over this body and recent. */
export function verifyWebhookSignature(secret: string, header: string | undefined, body: string, now: Date, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const want = Buffer.from(hmac(secret, t, body), 'hex');
  const got = Buffer.from(parts.v1, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}
