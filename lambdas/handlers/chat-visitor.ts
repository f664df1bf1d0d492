import { makeVisitorApi } from '#channels/chat/visitor-api';
import { httpHandler } from '#http/middleware';
import { chatVisitorDepsFromEnv } from '#wiring/chat';

export const handler = httpHandler(makeVisitorApi(chatVisitorDepsFromEnv()));
