import * as z from 'zod/mini';
import '#definitions/zod-messages';
import { channels, inboundMessageSchema, type InboundMessage } from '#core/messages';

/** A file the provider holds: fetched behind the queue (social worker), never at the webhook. */
const nonEmpty = () => z.string().check(z.minLength(1));
const between = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const instant = () => z.iso.datetime({ offset: true });
const fileFacts = { mimeType: z.optional(z.string()), filename: z.optional(z.string()) };

export const mediaRefSchema = z.discriminatedUnion('source', [
  /** WhatsApp: GET /{media-id} gives a short-lived URL, downloaded with the access token. */
  z.object({ source: z.literal('graph'), id: nonEmpty(), ...fileFacts }),
  /** Messenger / Instagram: the webhook carries a CDN URL. */
  z.object({ source: z.literal('url'), url: z.url(), ...fileFacts }),
  /** Telegram: getFile gives a file path, downloaded from /file/bot<token>/<path>. */
  z.object({ source: z.literal('telegram'), fileId: nonEmpty(), ...fileFacts }),
]);
export type MediaRef = z.infer<typeof mediaRefSchema>;

export const deliveryReceiptStatuses = ['delivered', 'read', 'failed'] as const;
export type ReceiptStatus = (typeof deliveryReceiptStatuses)[number];

/** What a verified webhook becomes, one queue message each: a customer's message or a receipt. */
export const socialEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), message: inboundMessageSchema, media: z.array(mediaRefSchema).check(z.maxLength(20)) }),
  z.object({
    kind: z.literal('status'),
    channel: z.enum(channels),
    /** The provider's id of our outbound message (what the sender stored). */
    providerMessageId: nonEmpty(),
    /** Who received it: the FIFO group, so one customer's receipts stay in order. */
    recipient: nonEmpty(),
    status: z.enum(deliveryReceiptStatuses),
    at: instant(),
    error: z.optional(z.string().check(z.maxLength(1000))),
    /** Our outbound interaction, when the receipt names it (WhatsApp's callback data). */
    outbound: z.optional(z.object({ ticketId: between(1, 64), interactionKey: between(1, 512) })),
  }),
  z.object({
    /** Messenger / Instagram: every message we sent on the conversation up to a time was delivered / read. */
    kind: z.literal('watermark'),
    channel: z.enum(channels),
    conversationKey: nonEmpty(),
    recipient: nonEmpty(),
    status: z.enum(['delivered', 'read']),
    watermark: instant(),
    at: instant(),
  }),
]);
export type SocialEvent = z.infer<typeof socialEventSchema>;
export type StatusEvent = Extract<SocialEvent, { kind: 'status' }>;
export type WatermarkEvent = Extract<SocialEvent, { kind: 'watermark' }>;

/** An error the provider reports in a webhook (WhatsApp's value.errors, a failed status's errors). */
export interface ProviderError {
  readonly code?: string;
  readonly title: string;
  readonly details?: string;
  /** What it concerns: the webhook as a whole, a status of our message, or a customer's message. */
  readonly scope: 'webhook' | 'status' | 'message';
  /** The message (ours or the customer's) it concerns, when it names one. */
  readonly messageId?: string;
}

/**
 * A normaliser's result: the events to enqueue; what it recognised but does not handle (logged);
 * what it could not place, because something it needs is missing (logged as a warning, counted); and
 * the errors the provider reported (logged, counted).
 */
export interface Normalised {
  readonly events: SocialEvent[];
  readonly ignored: string[];
  readonly unplaced?: string[];
  readonly providerErrors?: ProviderError[];
}

/** A provider's error object ({ code, title, message, error_data.details }) in our terms. */
export function providerError(raw: unknown, scope: ProviderError['scope'], messageId?: string): ProviderError {
  const e = obj(raw);
  const code = str(e.code);
  const details = str(obj(e.error_data).details);
  return {
    ...(code ? { code } : {}),
    title: str(e.title) ?? str(e.message) ?? 'unnamed error',
    ...(details ? { details } : {}),
    scope,
    ...(messageId ? { messageId } : {}),
  };
}

/** Why an edit gets no automatic answer: the customer corrected a message that was already answered or queued. */
export const EDIT_NO_AUTO_REPLY = 'an edit of an earlier message';

/** Why a message we cannot show gets no automatic answer: the bot cannot know what it says. */
export const UNSHOWN_NO_AUTO_REPLY = 'a kind of message the channel does not let us show';

/** What an agent reads for a message of a kind we cannot show: that it came, what kind, and where to see it. */
export const unshownText = (kind: string, where: string) => `[${kind}: this kind of message cannot be shown here; see it in ${where}]`;

export const messageEvent = (message: InboundMessage, media: MediaRef[] = []): SocialEvent => ({ kind: 'message', message, media });

/** A time a Date can hold (±8.64e15 ms), else the fallback: a stamp out of range is no reason to refuse a message. */
function isoOrFallback(ms: number, fallback: Date): string {
  const d = new Date(ms);
  return ms > 0 && Number.isFinite(d.getTime()) ? d.toISOString() : fallback.toISOString();
}

/** Seconds since the epoch (as Meta and Telegram send them) to ISO time; a missing one is "now". */
export function isoFromSeconds(seconds: unknown, fallback: Date): string {
  return isoOrFallback(Number(seconds) * 1000, fallback);
}

/**
 * Below this an epoch time is taken for seconds: 1e11 s is the year 5138, 1e11 ms is March 1973, long
 * before any webhook. Meta documents milliseconds for messaging events but some (postbacks, standby)
 * have come in seconds: read as milliseconds, those became dates in January 1970.
 */
const SECONDS_BELOW = 1e11;

/** An epoch time in seconds or milliseconds, whichever it is, to ISO time. */
export function isoFromEpoch(value: unknown, fallback: Date): string {
  const n = Number(value);
  return isoOrFallback(Math.abs(n) < SECONDS_BELOW ? n * 1000 : n, fallback);
}

export function locationText(lat: unknown, lng: unknown, name?: unknown, address?: unknown): string {
  const label = [name, address].filter((s) => typeof s === 'string' && s).join(', ');
  return `📍 ${label ? `${label} ` : ''}(${lat}, ${lng}) https://maps.google.com/?q=${lat},${lng}`;
}

/** Loose reading of provider JSON: objects and arrays we can walk without trusting their shape. */
export const obj = (v: unknown): Record<string, any> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, any>) : {});
export const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length ? v : typeof v === 'number' ? String(v) : undefined);
