import type { ChannelSender } from '../core/ports';

/**
 * Chat replies live on the conversation's ticket timeline, where the chat client reads them; the
 * delivery record (status 'sent') is what makes a reply visible there. Real-time push over the
 * WebSocket API is added by the live-chat channel.
 */
export const conversationTimelineSender: ChannelSender = {
  send: async (msg) => ({ providerMessageId: `chat:${msg.outboundId}` }),
};
