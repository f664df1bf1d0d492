import type { APIGatewayProxyResult } from 'aws-lambda';
import { DomainError } from '#core/errors';
import { acceptChatMessage, localeFromAcceptLanguage, originAllowed, type AcceptDeps } from './accept';
import { frame, sendMessageFrameSchema, type ErrorCode } from './frames';
import type { ChatStore } from './ports';
import { verifyVisitorToken } from './visitor-token';

/** The API Gateway WebSocket event fields the chat uses. */
export interface WebSocketEvent {
  readonly requestContext: {
    readonly routeKey: string;
    readonly eventType: 'CONNECT' | 'DISCONNECT' | 'MESSAGE';
    readonly connectionId: string;
    readonly requestTimeEpoch: number;
    readonly identity?: { readonly sourceIp?: string };
  };
  readonly headers?: Record<string, string | undefined>;
  readonly queryStringParameters?: Record<string, string | undefined> | null;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
}

export interface ChatSocketDeps extends AcceptDeps {
  readonly store: ChatStore;
  readonly tokenSecret: string;
  readonly allowedOrigins: readonly string[];
  readonly maxChars: number;
  readonly connectionTtlHours: number;
}

const ok = (body?: string): APIGatewayProxyResult => ({ statusCode: 200, body: body ?? '' });
const refuse = (statusCode: number, message: string): APIGatewayProxyResult => ({ statusCode, body: message });
const errorFrame = (code: ErrorCode, message: string, messageId?: string) => ok(frame({ type: 'error', code, message, ...(messageId ? { messageId } : {}) }));

/** Headers arrive with their browser's casing over WebSocket; look them up case-insensitively. */
function header(event: WebSocketEvent, name: string): string | undefined {
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}

/**
 * $connect verifies the visitor token and the page's origin, then stores the connection (with TTL);
 * a refusal is the handshake's status (401/403). $disconnect removes it. sendMessage validates the
 * frame, counts it against the visitor's minute and enqueues it; the answer to the frame is an `ack`
 * or an `error` frame with a code the widget can act on.
 */
export function makeChatSocket(deps: ChatSocketDeps) {
  const schema = sendMessageFrameSchema(deps.maxChars);
  const maxBytes = deps.maxChars * 4 + 1024;
  return async (event: WebSocketEvent): Promise<APIGatewayProxyResult> => {
    const { routeKey, connectionId, requestTimeEpoch } = event.requestContext;
    const now = new Date(requestTimeEpoch);
    switch (routeKey) {
      case '$connect': {
        const origin = header(event, 'origin');
        if (!originAllowed(origin, deps.allowedOrigins)) return refuse(403, `origin ${origin} may not use the chat`);
        let visitor;
        try {
          visitor = await verifyVisitorToken(deps.tokenSecret, event.queryStringParameters?.token ?? undefined, { now });
        } catch (e) {
          return refuse(401, (e as Error).message);
        }
        const locale = localeFromAcceptLanguage(header(event, 'accept-language'));
        await deps.store.putConnection(
          {
            connectionId,
            visitorId: visitor.visitorId,
            connectedAt: now.toISOString(),
            ...(visitor.email ? { email: visitor.email } : {}),
            ...(locale ? { locale } : {}),
          },
          new Date(now.getTime() + deps.connectionTtlHours * 3_600_000),
        );
        return ok();
      }
      case '$disconnect':
        await deps.store.deleteConnection(connectionId);
        return ok();
      case 'sendMessage': {
        const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
        if (Buffer.byteLength(raw) > maxBytes) return errorFrame('too_large', `a frame may have at most ${maxBytes} bytes`);
        let value: unknown;
        try {
          value = JSON.parse(raw);
        } catch {
          return errorFrame('invalid_json', 'the frame is not valid JSON');
        }
        const messageId = typeof (value as { messageId?: unknown })?.messageId === 'string' ? (value as { messageId: string }).messageId : undefined;
        const parsed = schema.safeParse(value);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const tooLong = issue.code === 'too_big';
          return errorFrame(tooLong ? 'too_large' : 'invalid_message', `${issue.path.join('.') || 'frame'}: ${issue.message}`, messageId);
        }
        const connection = await deps.store.getConnection(connectionId);
        if (!connection) return errorFrame('not_connected', 'this connection is not known; reconnect', messageId);
        try {
          await acceptChatMessage(deps, connection, parsed.data, now, connection.locale, event.requestContext.identity?.sourceIp);
        } catch (e) {
          if (e instanceof DomainError && e.code === 'rate_limited') return errorFrame('rate_limited', e.message, messageId);
          throw e;
        }
        return ok(frame({ type: 'ack', messageId: parsed.data.messageId }));
      }
      default:
        try {
          JSON.parse(event.body ?? '');
        } catch {
          return errorFrame('invalid_json', 'the frame is not valid JSON');
        }
        return errorFrame('unknown_action', 'send {"action":"sendMessage","messageId":"…","text":"…"}');
    }
  };
}
