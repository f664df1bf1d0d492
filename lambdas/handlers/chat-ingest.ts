import { makeChatIngest } from '../channels/chat';
import { chatStore, chatSettingsFromEnv } from '../adapters/chat-runtime';
import { intEnv, requireEnv } from '../config/env';
import { enqueueInbound } from '../adapters/fifo-queue';
import { createSqsClient } from '../adapters/sqs-client';
import { httpHandler } from '../http/middleware';

const sqs = createSqsClient();
const queueUrl = requireEnv('INBOUND_QUEUE_URL');
const chat = chatSettingsFromEnv();

export const handler = httpHandler(
  makeChatIngest({
    enqueue: (msg) => enqueueInbound(sqs, queueUrl, msg),
    maxChars: intEnv('CHAT_MAX_MESSAGE_CHARS'),
    allowedOrigins: requireEnv('CHAT_ALLOWED_ORIGINS').split(','),
    visitors: { tokenSecret: chat.tokenSecret, store: chatStore(), messagesPerMinute: chat.messagesPerMinute },
  }),
);
