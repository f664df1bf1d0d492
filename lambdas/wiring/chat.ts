import type { ChatIngestDeps } from '#channels/chat';
import type { ChatSocketDeps } from '#channels/chat/socket';
import type { VisitorApiDeps } from '#channels/chat/visitor-api';
import { requireEnv } from './env';
import { chatSettingsFromEnv, chatShopKeyFromEnv } from './settings';
import { chatStoreFromEnv, inboundQueueFromEnv } from './shared';

/** POST /chat/messages (the HTTP fallback). */
export function chatIngestDepsFromEnv(env = process.env): ChatIngestDeps {
  const chat = chatSettingsFromEnv(env);
  return {
    enqueue: inboundQueueFromEnv(env),
    store: chatStoreFromEnv(env),
    maxChars: chat.maxChars,
    allowedOrigins: chat.allowedOrigins,
    tokenSecret: chat.tokenSecret,
    messagesPerMinute: chat.messagesPerMinute,
    messagesPerAddressPerMinute: chat.messagesPerAddressPerMinute,
  };
}

/** The WebSocket routes. */
export function chatSocketDepsFromEnv(env = process.env): ChatSocketDeps {
  return { ...chatSettingsFromEnv(env), store: chatStoreFromEnv(env), enqueue: inboundQueueFromEnv(env) };
}

/** Visitor tokens and history. */
export function chatVisitorDepsFromEnv(env = process.env): VisitorApiDeps {
  return {
    ...chatSettingsFromEnv(env),
    store: chatStoreFromEnv(env),
    shopSecret: chatShopKeyFromEnv(env),
    websocketUrl: requireEnv('CHAT_WEBSOCKET_URL', env),
  };
}
