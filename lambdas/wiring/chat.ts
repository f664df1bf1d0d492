import { createS3Client } from '#adapters/s3-client';
import { putObjectBytes } from '#adapters/s3-objects';
import type { ChatIngestDeps } from '#channels/chat';
import type { ChatFileDeps } from '#channels/chat/accept';
import { MAX_CHAT_FILE_BYTES } from '#definitions/uploads';
import type { ChatSocketDeps } from '#channels/chat/socket';
import type { VisitorApiDeps } from '#channels/chat/visitor-api';
import { requireEnv } from './env';
import { once } from './lazy';
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
    files: chatFilesFromEnv(env),
  };
}

/** Visitors' files into the attachments bucket (the S3 client is built with the first file). */
function chatFilesFromEnv(env: NodeJS.ProcessEnv): ChatFileDeps {
  const bucket = requireEnv('ATTACHMENTS_BUCKET', env);
  const s3 = once(() => createS3Client(env));
  return { bucket, maxBytes: MAX_CHAT_FILE_BYTES, put: (key, bytes, contentType) => putObjectBytes(s3(), bucket, key, bytes, contentType) };
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
