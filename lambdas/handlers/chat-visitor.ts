import { chatSettingsFromEnv, chatStore } from '../adapters/chat-runtime';
import { makeVisitorApi } from '../channels/chat/visitor-api';
import { requireEnv } from '../config/env';
import { httpHandler } from '../http/middleware';

export const handler = httpHandler(
  makeVisitorApi({
    ...chatSettingsFromEnv(),
    store: chatStore(),
    shopSecret: requireEnv('CHAT_SHOP_SECRET'),
    websocketUrl: requireEnv('CHAT_WEBSOCKET_URL'),
  }),
);
