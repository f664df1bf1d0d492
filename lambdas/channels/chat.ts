import { ForbiddenError, NotFoundError, PayloadTooLargeError } from '#core/errors';
import { json, type HttpEvent, type HttpResult } from '#http/http';
import { parseJsonBody, validate } from '#http/validate';
import { acceptChatFile, acceptChatMessage, localeFromAcceptLanguage, type AcceptDeps, type ChatFileDeps } from './chat/accept';
import { fileMessageQuerySchema, httpMessageSchema } from './chat/frames';
import { visitorOf } from './chat/visitor-api';
import type { Visitor } from './chat/visitor-token';

export interface ChatIngestDeps extends AcceptDeps {
  readonly maxChars: number;
  /** Origins whose pages may post; '*' allows any. */
  readonly allowedOrigins: readonly string[];
  readonly tokenSecret: string;
  /** POST /chat/attachments: where a visitor's files go (absent: the route is not served). */
  readonly files?: ChatFileDeps;
}

/** A visitor's photo or PDF: the body is the file's bytes, the message id and the file's name are in the query. */
export const CHAT_FILE_ROUTE = 'POST /chat/attachments';

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
    if (event.routeKey === CHAT_FILE_ROUTE) return acceptFile(deps, event, visitor, receivedAt);
    const body = parseJsonBody(event, schema, maxBytes);
    if (body.visitorId !== undefined && body.visitorId !== visitor.visitorId) throw new ForbiddenError('visitorId is not the visitor the token was issued to');
    const locale = localeFromAcceptLanguage(event.headers?.['accept-language']);
    await acceptChatMessage(deps, visitor, body, receivedAt, locale, event.requestContext.http?.sourceIp);
    return json(202, { status: 'accepted', conversationId: visitor.visitorId, messageId: body.messageId });
  };
}

/**
 * POST /chat/attachments?messageId=…&filename=…: the visitor's file as the raw body (any declared
 * type: the content decides). Answered 202 with what was stored; a refused file stores nothing.
 */
async function acceptFile(deps: ChatIngestDeps, event: HttpEvent, visitor: Visitor, receivedAt: Date): Promise<HttpResult> {
  if (!deps.files) throw new NotFoundError(`no route ${event.routeKey}`);
  const query = validate(fileMessageQuerySchema, event.queryStringParameters ?? {}, 'query');
  const raw = event.body ?? '';
  // Base64 takes 4 characters for 3 bytes: refuse an oversized body before decoding it.
  if ((event.isBase64Encoded ? (raw.length * 3) / 4 : Buffer.byteLength(raw)) > deps.files.maxBytes + 3) {
    throw new PayloadTooLargeError(`the file is larger than the limit of ${deps.files.maxBytes} bytes`);
  }
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  const { filename, ...body } = query;
  const locale = localeFromAcceptLanguage(event.headers?.['accept-language']);
  const msg = await acceptChatFile(
    { ...deps, files: deps.files },
    visitor,
    { ...body, filename, bytes },
    receivedAt,
    locale,
    event.requestContext.http?.sourceIp,
  );
  const { key: _key, bucket: _bucket, ...file } = msg.attachments[0]!;
  return json(202, { status: 'accepted', conversationId: visitor.visitorId, messageId: query.messageId, file });
}
