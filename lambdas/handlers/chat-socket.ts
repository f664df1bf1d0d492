import { makeChatSocket } from '#channels/chat/socket';
import { logger, observed } from '#observability';
import { chatSocketDepsFromEnv } from '#wiring/chat';

const socket = makeChatSocket(chatSocketDepsFromEnv());

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
