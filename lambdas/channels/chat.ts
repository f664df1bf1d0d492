import { ForbiddenError } from '#core/errors';
import { json, parseJsonBody, type HttpEvent, type HttpResult } from '#http/http';
import { acceptChatMessage, localeFromAcceptLanguage, type AcceptDeps } from './chat/accept';
import { httpMessageSchema } from './chat/frames';
import { visitorOf } from './chat/visitor-api';

export interface ChatIngestDeps extends AcceptDeps {
  readonly maxChars: number;
  /** Origins whose pages may post; '*' allows any. */
  readonly allowedOrigins: readonly string[];
  readonly tokenSecret: string;
}

/**
 * POST /chat/messages, the HTTP fallback for clients without WebSocket: the same visitor token, origin
 * check, message fields, per-minute limit and queue as a `sendMessage` frame; answered 202.
 */
export function makeChatIngest(deps: ChatIngestDeps) {
  const schema = httpMessageSchema(deps.maxChars);
  // UTF-8 can take 4 bytes a character; the JSON envelope adds a little.
  const maxBytes = deps.maxChars * 4 + 4096;
  return async (event: HttpEvent): Promise<HttpResult> => {
    const receivedAt = new Date(event.requestContext.timeEpoch);
    const visitor = await visitorOf(event, deps, receivedAt);
    const body = parseJsonBody(event, schema, maxBytes);
    if (body.visitorId !== undefined && body.visitorId !== visitor.visitorId) throw new ForbiddenError('visitorId is not the visitor the token was issued to');
    const locale = localeFromAcceptLanguage(event.headers?.['accept-language']);
    await acceptChatMessage(deps, visitor, body, receivedAt, locale, event.requestContext.http?.sourceIp);
    return json(202, { status: 'accepted', conversationId: visitor.visitorId, messageId: body.messageId });
  };
}
