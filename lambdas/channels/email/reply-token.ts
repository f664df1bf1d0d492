import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The reply address carries the ticket: support+<ticket>-<signature>@domain. The signature (HMAC-SHA256,
 * 12 hex characters) stops anyone from writing into a ticket by guessing its number.
 */
const SIGNATURE_CHARS = 12;

function signature(secret: string, ticketId: string): string {
  return createHmac('sha256', secret).update(`ticket:${ticketId}`).digest('hex').slice(0, SIGNATURE_CHARS);
}

export function replyToken(secret: string, ticketId: string): string {
  return `${ticketId}-${signature(secret, ticketId)}`;
}

/** The ticket id a token names, or undefined when it is not one of ours (bad form or signature). */
export function verifyReplyToken(secret: string, token: string): string | undefined {
  const m = /^(\d{1,12})-([0-9a-f]{12})$/i.exec(token);
  if (!m) return undefined;
  const expected = Buffer.from(signature(secret, m[1]!));
  const given = Buffer.from(m[2]!.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given) ? m[1] : undefined;
}

/**
 * Our outgoing Message-ID: <outbound.t<ticket>-<signature>@domain>. It names its ticket with the same
 * signed token as the reply address, so a reply that quotes it is threaded without a look-up item, and
 * nobody can aim one at a ticket by guessing its number. Derived from the outbound id: a retried send
 * keeps it.
 */
export function ownMessageId(secret: string, outboundId: string, ticketId: string, domain: string): string {
  return `<${outboundId}.t${replyToken(secret, ticketId)}@${domain}>`;
}

const OWN_MESSAGE_ID = /^<?\s*[^<>\s]+\.t(\d{1,12}-[0-9a-f]{12})@[^<>@\s]+\s*>?$/i;

/** The ticket one of our own Message-IDs names, or undefined when it is not one (or its signature is wrong). */
export function ticketOfOwnMessageId(secret: string, messageId: string): string | undefined {
  const token = OWN_MESSAGE_ID.exec(messageId)?.[1];
  return token ? verifyReplyToken(secret, token) : undefined;
}

const splitAddress = (address: string) => {
  const at = address.lastIndexOf('@');
  return at < 0 ? undefined : { local: address.slice(0, at).toLowerCase(), domain: address.slice(at + 1).toLowerCase() };
};

/** support@shop.com + ticket 10001 → support+10001-<sig>@shop.com */
export function replyAddress(secret: string, supportAddress: string, ticketId: string): string {
  const parts = splitAddress(supportAddress)!;
  return `${parts.local}+${replyToken(secret, ticketId)}@${parts.domain}`;
}

/** The ticket of the first recipient that is a support address with a valid token. */
export function ticketFromRecipients(secret: string, recipients: readonly string[], supportAddresses: readonly string[]): string | undefined {
  const ours = supportAddresses.map(splitAddress).filter((p) => p !== undefined);
  for (const recipient of recipients) {
    const parts = splitAddress(recipient);
    if (!parts) continue;
    const plus = parts.local.indexOf('+');
    if (plus < 0) continue;
    const base = parts.local.slice(0, plus);
    if (!ours.some((o) => o.local === base && o.domain === parts.domain)) continue;
    const ticketId = verifyReplyToken(secret, parts.local.slice(plus + 1));
    if (ticketId) return ticketId;
  }
  return undefined;
}

/** Whether the address is one of ours, with or without a token (mail from ourselves is never answered). */
export function isSupportAddress(address: string, supportAddresses: readonly string[]): boolean {
  const parts = splitAddress(address);
  if (!parts) return false;
  const local = parts.local.split('+')[0];
  return supportAddresses.some((s) => {
    const o = splitAddress(s);
    return o?.local === local && o?.domain === parts.domain;
  });
}
