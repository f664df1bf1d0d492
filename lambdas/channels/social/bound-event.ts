import { cutUtf8, jsonBytes, keyPart } from '#core/bounds';
import { fitMessage, MESSAGE_BUDGET_BYTES, type StoreBody } from '#core/fit-message';
import { mediaRefSchema, socialEventSchema, type MediaRef, type SocialEvent } from './events';

/**
 * The largest webhook body taken: Meta documents webhook payloads of up to 3 MB, and a Lambda event
 * (base64 of a binary body: 4 MiB) stays under the 6 MB invocation limit. A larger body is refused
 * with 413 before anything is acknowledged.
 */
export const WEBHOOK_MAX_BYTES = 3 * 1024 * 1024;

const MAX_MEDIA_REF_BYTES = 8 * 1024;
/** A provider field we key by; a number is taken as its digits, anything else is left for the schema to refuse. */
const bounded = <T>(value: T, bytes: number): T =>
  typeof value === 'string' ? (keyPart(value, bytes) as T) : typeof value === 'number' ? (String(value) as T) : value;

/**
 * What a provider sent, made storable before it is acknowledged: ids over the schema's bounds become
 * their hash (the same id always gives the same hash, so replays still deduplicate), a file reference
 * that is no usable reference becomes a note in the text, and a body too large for the queue is kept
 * in the attachments bucket with a preview in the message. Returns the reason when the event still
 * cannot be stored (the webhook then refuses the whole body with 400, so the provider keeps it).
 */
export async function boundEvent(event: SocialEvent, store: StoreBody): Promise<{ event: SocialEvent } | { problem: string }> {
  let out: SocialEvent = event;
  if (event.kind === 'message') {
    const m = event.message;
    const media: MediaRef[] = [];
    const notes: string[] = [];
    for (const ref of event.media) {
      // A reference is a URL or an id: one of kilobytes is no reference a provider would serve.
      if (mediaRefSchema.safeParse(ref).success && jsonBytes(ref) <= MAX_MEDIA_REF_BYTES) media.push(ref);
      else notes.push('[attachment not available: the provider sent no usable file reference]');
    }
    const message = {
      ...m,
      channelMessageId: bounded(m.channelMessageId, 512)!,
      conversationKey: bounded(m.conversationKey, 512)!,
      from: { ...m.from, address: bounded(m.from.address, 320)!, ...(m.from.name !== undefined ? { name: cutUtf8(String(m.from.name), 200) } : {}) },
      ...(m.replyTo !== undefined ? { replyTo: bounded(m.replyTo, 512)! } : {}),
      ...(m.editOf !== undefined ? { editOf: bounded(m.editOf, 512)! } : {}),
      text: [typeof m.text === 'string' ? m.text : '', ...notes].filter(Boolean).join('\n'),
    };
    const kept = media.slice(0, 20);
    // The event carries the file references too: the message gets what they leave of the budget.
    out = { ...event, message: (await fitMessage(message, store, MESSAGE_BUDGET_BYTES - jsonBytes(kept))).msg, media: kept };
  } else if (event.kind === 'status') {
    out = {
      ...event,
      providerMessageId: bounded(event.providerMessageId, 512)!,
      recipient: bounded(event.recipient, 512)!,
      ...(event.error !== undefined ? { error: cutUtf8(String(event.error), 1000) } : {}),
    };
  } else {
    // The same conversation key the message events of the conversation get.
    out = { ...event, conversationKey: bounded(event.conversationKey, 512)!, recipient: bounded(event.recipient, 512)! };
  }
  const checked = socialEventSchema.safeParse(out);
  if (!checked.success) return { problem: checked.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ') };
  return { event: checked.data };
}
