import { chatSettingsFromEnv, chatStore } from '../adapters/chat-runtime';
import { makeVisitorApi } from '../channels/chat/visitor-api';
import { requireEnv } from '../config/env';
import { ownOrDerivedKey } from '../config/keys';
import { httpHandler } from '../http/middleware';

export const handler = httpHandler(
  makeVisitorApi({
    ...chatSettingsFromEnv(),
    store: chatStore(),
    // The shop's own secret when the configuration names one (CHAT_SHOP_SECRET), else derived.
    shopSecret: ownOrDerivedKey('CHAT_SHOP_SECRET', 'chat-shop'),
    websocketUrl: requireEnv('CHAT_WEBSOCKET_URL'),
  }),
);
