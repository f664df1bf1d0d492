import { messageKey } from '#core/message-basics';
import type { SocialEvent } from './events';

/**
 * FIFO ids of a social event: a message goes in its conversation's group with the provider's message
 * id as deduplication id (a webhook Meta or Telegram sends again is dropped by the queue, and the
 * pipeline's message key catches anything later); a receipt is deduplicated per message (or
 * conversation and watermark) and status.
 */
export function socialQueueIds(event: SocialEvent): { group: string; dedup: string } {
  if (event.kind === 'message') {
    const m = event.message;
    return { group: `${m.channel}#${m.conversationKey}`, dedup: messageKey(m) };
  }
  const receipt = event.kind === 'status' ? `status#${event.providerMessageId}` : `watermark#${event.conversationKey}#${event.watermark}`;
  return { group: `${event.channel}#${event.recipient}`, dedup: `${event.channel}#${receipt}#${event.status}` };
}
