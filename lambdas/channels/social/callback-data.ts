import type { OutboundRef } from '#core/ports';

/**
 * WhatsApp hands a message's `biz_opaque_callback_data` (up to 512 characters) back in every status
 * webhook of that message: it names our outbound interaction, so a receipt needs no stored id → reply
 * note (a write per send) to find it. The webhook is signed, so the value is the one we sent.
 */
export const MAX_CALLBACK_DATA = 512;

export function callbackData(ref: OutboundRef): string | undefined {
  const value = `${ref.ticketId} ${ref.interactionKey}`;
  return value.length <= MAX_CALLBACK_DATA ? value : undefined;
}

export function refFromCallbackData(value: string | undefined): OutboundRef | undefined {
  const space = value?.indexOf(' ') ?? -1;
  // Not one of ours (another app's data on the same number): looked up by the message id instead.
  if (!value || value.length > MAX_CALLBACK_DATA || space < 1 || space > 64 || space === value.length - 1) return undefined;
  return { ticketId: value.slice(0, space), interactionKey: value.slice(space + 1) };
}
