import { intEnv, requireEnv } from '../config/env';
import { keyFromEnv } from '../config/keys';
import { DynamoChatStore } from './chat-store';
import { createDocumentClient } from './dynamodb-client';

/** The live chat's settings as its functions read them at cold start (lambdas/config/settings.ts, bindings). */
export function chatSettingsFromEnv(env = process.env) {
  return {
    tokenSecret: keyFromEnv('chat-visitor-token', env),
    allowedOrigins: requireEnv('CHAT_ALLOWED_ORIGINS', env).split(','),
    maxChars: intEnv('CHAT_MAX_MESSAGE_CHARS', env),
    messagesPerMinute: intEnv('CHAT_MESSAGES_PER_MINUTE', env),
    messagesPerAddressPerMinute: intEnv('CHAT_MESSAGES_PER_ADDRESS_PER_MINUTE', env),
    tokensPerAddressPerMinute: intEnv('CHAT_TOKENS_PER_ADDRESS_PER_MINUTE', env),
    newVisitorsPerMinute: intEnv('CHAT_NEW_VISITORS_PER_MINUTE', env),
    tokenTtlMinutes: intEnv('CHAT_TOKEN_TTL_MINUTES', env),
    connectionTtlHours: intEnv('CHAT_CONNECTION_TTL_HOURS', env),
  };
}

export const chatStore = (env = process.env) => new DynamoChatStore(createDocumentClient(), requireEnv('TABLE_NAME', env));
