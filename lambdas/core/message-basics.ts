import type { Channel } from '#definitions/channels';

/**
 * What of a message needs no schema: its key, the outbound kinds, the attachment limit. Modules that
 * need only these import them from here (messages.ts re-exports them), so a function that never
 * validates a message does not build the message schemas at import.
 */

/** Files one reply may carry: each is a message of its own on the social channels. */
export const MAX_OUTBOUND_ATTACHMENTS = 5;

export const outboundKinds = ['acknowledgement', 'bot_answer', 'agent_reply', 'csat_request', 'nps_request'] as const;

/** Key of a channel message across the whole system: the replay guard and the SQS dedup id. */
export function messageKey(m: { readonly channel: Channel; readonly channelMessageId: string }): string {
  return `${m.channel}#${m.channelMessageId}`;
}
