import * as z from 'zod';
import { fileMessageQuerySchema, httpMessageSchema } from '#channels/chat/frames';
import { tokenRequestSchema } from '#channels/chat/visitor-api';
import type { ApiOperation } from './openapi';
import { chatAcceptedSchema, chatFileAcceptedSchema, chatHistorySchema, chatTokenSchema, plainText } from './responses';

/** The configuration's ceiling for chat.maxMessageChars: a deployment may set less. */
const CHAT_MAX_CHARS = 32_000;

const providerBody = z.looseObject({}).describe("the provider's webhook payload, as it signed it");
const metaVerification = z.object({
  'hub.mode': z.literal('subscribe'),
  'hub.verify_token': z.string().describe('the verify token configured with Meta'),
  'hub.challenge': z.string().describe('echoed back'),
});

const meta = (provider: 'whatsapp' | 'messenger' | 'instagram', name: string): ApiOperation[] => [
  {
    method: 'GET',
    path: `/webhooks/${provider}`,
    summary: `${name}: Meta's subscription check (echoes hub.challenge when the verify token matches)`,
    access: 'public',
    query: metaVerification,
    responds: { status: 200, description: 'the challenge', contentType: 'text/plain', schema: plainText },
    errors: { 403: 'hub.mode is not subscribe or the verify token does not match' },
  },
  {
    method: 'POST',
    path: `/webhooks/${provider}`,
    summary: `${name}: events from Meta, signed over the raw body; answered at once, processed behind the queue`,
    access: 'meta',
    body: providerBody,
    responds: { status: 200, description: 'EVENT_RECEIVED', contentType: 'text/plain', schema: plainText },
    errors: { 413: 'the body is larger than the webhook limit' },
  },
];

/**
 * The routes other functions serve on the same HTTP API (chat visitors, social webhooks), described
 * from the schemas those handlers validate with, so GET /openapi.json covers every route of the API.
 * The chat's WebSocket frames are not HTTP routes: chat/frames.ts and the README describe them.
 */
export const edgeOperations: readonly ApiOperation[] = [
  {
    method: 'POST',
    path: '/chat/token',
    summary: 'A chat visitor token: renews the previous one (same visitor) or makes a new visitor; from an allowed origin',
    access: 'public',
    body: tokenRequestSchema,
    responds: { status: 200, description: 'the token and where to connect', schema: chatTokenSchema },
    errors: { 403: 'the Origin may not use the chat', 429: 'too many tokens from this address or new visitors this minute' },
  },
  {
    method: 'POST',
    path: '/chat/messages',
    summary: 'A visitor message over HTTP (the WebSocket fallback): same checks and queue as a sendMessage frame',
    access: 'visitor',
    body: httpMessageSchema(CHAT_MAX_CHARS),
    responds: { status: 202, description: 'queued; the answer comes over the WebSocket or the history', schema: chatAcceptedSchema },
    errors: { 403: 'the Origin may not use the chat, or visitorId is not the token’s', 413: 'the body is too large', 429: 'too many messages this minute' },
  },
  {
    method: 'POST',
    path: '/chat/attachments',
    summary: "A visitor's photo (JPEG, PNG, WebP, HEIC) or PDF as the raw body: checked by its content, stored, and queued as a message",
    access: 'visitor',
    query: fileMessageQuerySchema,
    bodyType: 'binary',
    responds: { status: 202, description: 'stored and queued', schema: chatFileAcceptedSchema },
    errors: {
      400: 'an empty file or a bad query',
      403: 'the Origin may not use the chat',
      413: 'the file is larger than the limit',
      415: 'the content is not a photo or PDF we take',
      429: 'too many messages this minute',
    },
  },
  {
    method: 'GET',
    path: '/chat/conversations/{id}/messages',
    summary: "The visitor's own conversation: the newest page, or the messages after a cursor",
    access: 'visitor',
    params: z.object({ id: z.string().describe("the token's visitorId") }),
    query: z.object({ after: z.string().optional().describe('an item id: the messages after it'), limit: z.coerce.number().int().min(1).max(100).default(50) }),
    responds: { status: 200, description: 'a page of the conversation', schema: chatHistorySchema },
    errors: { 403: 'another visitor’s conversation, or an Origin that may not use the chat' },
  },
  ...meta('whatsapp', 'WhatsApp'),
  ...meta('messenger', 'Messenger'),
  ...meta('instagram', 'Instagram'),
  {
    method: 'POST',
    path: '/webhooks/telegram',
    summary: "Telegram: updates, with the bot's secret token header; answered at once, processed behind the queue",
    access: 'telegram',
    body: providerBody,
    responds: { status: 200, description: 'EVENT_RECEIVED', contentType: 'text/plain', schema: plainText },
    errors: { 413: 'the body is larger than the webhook limit' },
  },
];
