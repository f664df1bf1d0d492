import { chatSettingsFromEnv, chatStore } from '../adapters/chat-runtime';
import { enqueueInbound } from '../adapters/fifo-queue';
import { createSqsClient } from '../adapters/sqs-client';
import { makeChatSocket } from '../channels/chat/socket';
import { requireEnv } from '../config/env';
import { logger, observed } from '../observability';

const sqs = createSqsClient();
const queueUrl = requireEnv('INBOUND_QUEUE_URL');
const socket = makeChatSocket({
  ...chatSettingsFromEnv(),
  store: chatStore(),
  enqueue: (msg) => enqueueInbound(sqs, queueUrl, msg),
});

/** API Gateway WebSocket routes $connect, $disconnect, sendMessage and $default. */
export const handler = observed(async (event: Parameters<typeof socket>[0]) => {
  try {
    return await socket(event);
  } catch (e) {
    logger.error('chat socket failed', { routeKey: event.requestContext.routeKey, error: e as Error });
    // The frame (or handshake) fails without internals; the widget resends with the same message id.
    return { statusCode: 500, body: JSON.stringify({ type: 'error', code: 'internal', message: 'try again' }) };
  }
});
