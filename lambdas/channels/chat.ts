import { z } from 'zod';
import { ForbiddenError } from '../core/errors';
import type { InboundMessage } from '../core/messages';
import { json, parseJsonBody, type HttpEvent, type HttpResult } from '../http/http';
import { acceptChatMessage, type AcceptDeps } from './chat/accept';
import { bearer } from './chat/visitor-api';
import { verifyVisitorToken } from './chat/visitor-token';

const idPattern = /^[A-Za-z0-9_-]{1,128}$/;

export function chatMessageSchema(maxChars: number) {
  return z
    .object({
      visitorId: z.string().regex(idPattern, 'letters, digits, _ or -, at most 128'),
      /** The client's id for the message: a resend after a dropped connection reuses it. */
      messageId: z.string().regex(idPattern, 'letters, digits, _ or -, at most 128'),
      text: z
        .string()
        .max(maxChars, `at most ${maxChars} characters`)
        .refine((t) => t.trim().length > 0, 'must not be empty'),
      name: z.string().trim().min(1).max(200).optional(),
      email: z.string().email().max(320).optional(),
    })
    .strict();
}

export interface ChatIngestDeps {
  readonly enqueue: (msg: InboundMessage) => Promise<void>;
  readonly maxChars: number;
  /** Origins whose pages may post; '*' allows any. */
  readonly allowedOrigins: readonly string[];
  /**
   * Visitor tokens and the per-minute limit: a request with a visitor token (as the widget's fallback
   * sends) posts as that visitor only, counted like a WebSocket message.
   */
  readonly visitors?: { readonly tokenSecret: string; readonly store: AcceptDeps['store']; readonly messagesPerMinute: number };
}

/** The first language tag of an Accept-Language header ("tr-TR,tr;q=0.9" → "tr-TR"); "*" or junk → none. */
export function localeFromAcceptLanguage(header: string | undefined): string | undefined {
  const first = header?.split(',')[0]?.split(';')[0]?.trim();
  return first && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(first) ? first : undefined;
}

/** Chat messages are namespaced by visitor: two visitors' "msg-1" are different messages. */
export function toInboundMessage(
  body: z.infer<ReturnType<typeof chatMessageSchema>>,
  receivedAt: Date,
  localeHint: string | undefined,
  emailVerified = false,
): InboundMessage {
  return {
    channel: 'chat',
    channelMessageId: `${body.visitorId}/${body.messageId}`,
    from: {
      address: body.visitorId,
      ...(body.name ? { name: body.name } : {}),
      ...(body.email ? { email: body.email, ...(emailVerified ? { emailVerified: true as const } : {}) } : {}),
    },
    conversationKey: body.visitorId,
    text: body.text,
    attachments: [],
    receivedAt: receivedAt.toISOString(),
    ...(localeHint ? { localeHint } : {}),
  };
}

/** POST /chat/messages: validate, normalise, enqueue, answer 202. Nothing else happens at the edge. */
export function makeChatIngest(deps: ChatIngestDeps) {
  const schema = chatMessageSchema(deps.maxChars);
  // UTF-8 can take 4 bytes a character; the JSON envelope adds a little.
  const maxBytes = deps.maxChars * 4 + 4096;
  return async (event: HttpEvent): Promise<HttpResult> => {
    const origin = event.headers?.origin;
    if (origin && !deps.allowedOrigins.includes('*') && !deps.allowedOrigins.includes(origin)) {
      throw new ForbiddenError(`origin ${origin} may not post chat messages`);
    }
    const body = parseJsonBody(event, schema, maxBytes);
    const locale = localeFromAcceptLanguage(event.headers?.['accept-language']);
    const receivedAt = new Date(event.requestContext.timeEpoch);
    const token = bearer(event);
    if (token && deps.visitors) {
      const visitor = await verifyVisitorToken(deps.visitors.tokenSecret, token, { now: receivedAt });
      if (visitor.visitorId !== body.visitorId) throw new ForbiddenError('visitorId is not the visitor the token was issued to');
      await acceptChatMessage({ ...deps.visitors, enqueue: deps.enqueue }, visitor, body, receivedAt, locale);
    } else {
      await deps.enqueue(toInboundMessage(body, receivedAt, locale));
    }
    return json(202, { status: 'accepted', conversationId: body.visitorId, messageId: body.messageId });
  };
}
