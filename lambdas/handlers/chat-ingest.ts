import { makeChatIngest } from '#channels/chat';
import { httpHandler } from '#http/middleware';
import { chatIngestDepsFromEnv } from '#wiring/chat';

export const handler = httpHandler(makeChatIngest(chatIngestDepsFromEnv()));
