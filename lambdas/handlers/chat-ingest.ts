import { makeChatIngest } from '../channels/chat';
import { chatStore, chatSettingsFromEnv } from '../adapters/chat-runtime';
import { requireEnv } from '../config/env';
import { enqueueInbound } from '../adapters/fifo-queue';
import { createSqsClient } from '../adapters/sqs-client';
import { httpHandler } from '../http/middleware';

const sqs = createSqsClient();
const queueUrl = requireEnv('INBOUND_QUEUE_URL');
const chat = chatSettingsFromEnv();

export const handler = httpHandler(
  makeChatIngest({
    enqueue: (msg) => enqueueInbound(sqs, queueUrl, msg),
    store: chatStore(),
    maxChars: chat.maxChars,
    allowedOrigins: chat.allowedOrigins,
    tokenSecret: chat.tokenSecret,
    messagesPerMinute: chat.messagesPerMinute,
    messagesPerAddressPerMinute: chat.messagesPerAddressPerMinute,
  }),
);
