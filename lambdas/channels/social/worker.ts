import { PermanentDeliveryError } from '#core/errors';
import type { AttachmentRef, InboundMessage } from '#core/messages';
import type { OutboundRef } from '#core/ports';
import type { ReceiptStatus, SocialEvent, StatusEvent, WatermarkEvent } from './events';
import { attachmentKey, attachmentRef, fetchMedia, sanitiseFilename } from './media';
import type { ProviderHttpDeps } from './provider-http';
import type { SecretsSource } from './secrets';
import type { SocialSettings } from '#definitions/social';

export type { OutboundRef } from '#core/ports';

/** Delivery receipts: find our outbound interaction by the provider's id, record what happened. */
export interface ReceiptStore {
  findOutbound(channel: StatusEvent['channel'], providerMessageId: string): Promise<OutboundRef | undefined>;
  /** Idempotent: a repeated or out-of-order receipt never moves a status backwards. */
  recordReceipt(ref: OutboundRef, status: ReceiptStatus, at: string, error?: string): Promise<void>;
  /**
   * Our messages on the conversation's ticket sent up to `sentBy`, not yet at `status` or past it
   * (one Query on the ticket's interactions); undefined when the conversation has no ticket.
   */
  outboundSentBy(
    channel: WatermarkEvent['channel'],
    conversationKey: string,
    sentBy: string,
    status: WatermarkEvent['status'],
  ): Promise<OutboundRef[] | undefined>;
}

export interface SocialWorkerDeps {
  readonly secrets: SecretsSource;
  readonly settings: SocialSettings;
  readonly http?: Omit<ProviderHttpDeps, 'retry'>;
  readonly bucket: string;
  readonly putObject: (key: string, bytes: Buffer, contentType: string) => Promise<void>;
  readonly enqueueInbound: (msg: InboundMessage) => Promise<void>;
  readonly receipts: ReceiptStore;
  readonly now?: () => Date;
}

/** A receipt may overtake the sender's note of the id; within this time it is retried, not dropped. */
export const RECEIPT_GRACE_MS = 2 * 60_000;

export class ReceiptTooEarlyError extends Error {
  override name = 'ReceiptTooEarlyError';
}

export type WorkerResult = 'forwarded' | 'receipt-recorded' | 'receipt-unknown';

/**
 * Meta stamps a message when it accepts it; we note `sentAt` when its answer is back, a moment later.
 * A watermark at Meta's stamp must still cover the message, so it reaches this much past.
 */
export const SEND_LATENCY_MS = 2_000;

/**
 * Behind the social queue: a message gets its files copied into the attachments bucket and goes on
 * to the pipeline's inbound queue; a receipt is recorded on the outbound interaction. Safe to repeat:
 * the object keys are deterministic, the inbound queue deduplicates by the provider's id, and
 * receipts only move forward.
 */
export async function processSocialEvent(deps: SocialWorkerDeps, event: SocialEvent): Promise<WorkerResult> {
  if (event.kind === 'status') return recordStatus(deps, event);
  if (event.kind === 'watermark') return recordWatermark(deps, event);
  const { message, media } = event;
  const attachments: AttachmentRef[] = [...message.attachments];
  const notes: string[] = [];
  if (media.length) {
    const secrets = await deps.secrets.get();
    const http: ProviderHttpDeps = { retry: deps.settings.retry, ...deps.http };
    for (const [i, ref] of media.entries()) {
      try {
        const file = await fetchMedia(http, deps.settings, secrets, ref);
        const filename = sanitiseFilename(ref.filename ?? `file-${i + 1}`, file.contentType);
        const key = attachmentKey(message, i + 1, filename);
        await deps.putObject(key, file.bytes, file.contentType);
        attachments.push(attachmentRef(deps.bucket, key, filename, file.contentType, file.bytes.length));
      } catch (e) {
        // Gone for good (expired, refused, too large): the message still goes on, saying so.
        if (!(e instanceof PermanentDeliveryError)) throw e;
        notes.push(`[attachment not available: ${e.reason}]`);
      }
    }
  }
  const text = [message.text, ...notes].filter(Boolean).join('\n');
  await deps.enqueueInbound({ ...message, text, attachments });
  return 'forwarded';
}

async function recordStatus(deps: SocialWorkerDeps, event: StatusEvent): Promise<WorkerResult> {
  const ref = event.outbound ?? (await deps.receipts.findOutbound(event.channel, event.providerMessageId));
  if (!ref) {
    const age = (deps.now ?? (() => new Date()))().getTime() - Date.parse(event.at);
    if (age < RECEIPT_GRACE_MS) throw new ReceiptTooEarlyError(`receipt for ${event.channel} ${event.providerMessageId} before its send was recorded`);
    // Not one of ours (sent from the shop's phone app, or long gone): nothing to record.
    return 'receipt-unknown';
  }
  await deps.receipts.recordReceipt(ref, event.status, event.at, event.error);
  return 'receipt-recorded';
}

async function recordWatermark(deps: SocialWorkerDeps, event: WatermarkEvent): Promise<WorkerResult> {
  const sentBy = new Date(Date.parse(event.watermark) + SEND_LATENCY_MS).toISOString();
  const refs = await deps.receipts.outboundSentBy(event.channel, event.conversationKey, sentBy, event.status);
  if (!refs) return 'receipt-unknown';
  for (const ref of refs) await deps.receipts.recordReceipt(ref, event.status, event.at);
  return 'receipt-recorded';
}
