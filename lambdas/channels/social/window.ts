import type { Channel } from '#core/messages';

const HOUR_MS = 3_600_000;

export interface ReplyWindow {
  /** A free-form message may be sent now. */
  readonly open: boolean;
  /** When the free-form window closes (ISO), when it has one and it is still open. */
  readonly closesAt?: string;
  /** Outside the window only an approved template may be sent (WhatsApp). */
  readonly templateRequired: boolean;
  /** Why a free-form reply cannot go out, in a sentence an agent can act on. */
  readonly reason?: string;
}

/**
 * Whether a free-form reply may go to the customer now. WhatsApp: 24 hours after the customer's last
 * message, then only an approved template. Messenger and Instagram: 24 hours for any message, then 7
 * days for a person's reply (HUMAN_AGENT tag). E-mail, chat and Telegram have no window.
 */
export function replyWindow(channel: Channel, lastInboundAt: string | undefined, now: Date, kind: 'agent' | 'automated' = 'agent'): ReplyWindow {
  const hours = channel === 'whatsapp' ? 24 : channel === 'messenger' || channel === 'instagram' ? (kind === 'agent' ? 7 * 24 : 24) : undefined;
  if (hours === undefined) return { open: true, templateRequired: false };
  const last = lastInboundAt ? Date.parse(lastInboundAt) : NaN;
  const closes = Number.isFinite(last) ? last + hours * HOUR_MS : undefined;
  if (closes !== undefined && now.getTime() < closes) return { open: true, closesAt: new Date(closes).toISOString(), templateRequired: false };
  const since = closes === undefined ? 'the customer has not written' : `the customer last wrote at ${lastInboundAt}`;
  return channel === 'whatsapp'
    ? { open: false, templateRequired: true, reason: `WhatsApp's 24-hour window is closed (${since}): only an approved template can be sent` }
    : { open: false, templateRequired: false, reason: `${channel}'s ${hours}-hour reply window is closed (${since}); the customer must write first` };
}

/** Messenger/Instagram: a person's reply after 24 hours goes out with the HUMAN_AGENT tag. */
export function needsHumanAgentTag(lastInboundAt: string | undefined, now: Date): boolean {
  return !replyWindow('messenger', lastInboundAt, now, 'automated').open;
}
