import { RateLimitedError } from '#core/errors';
import type { InboundMessage } from '#core/messages';
import { rateAddress, secondsLeftInMinute, type ChatStore } from './ports';
import type { Visitor } from './visitor-token';

export { RateLimitedError };

export interface AcceptDeps {
  readonly store: Pick<ChatStore, 'takeAllowance'>;
  readonly enqueue: (msg: InboundMessage) => Promise<void>;
  readonly messagesPerMinute: number;
  /** All visitors of one client address together: fresh visitor ids do not buy fresh budgets. */
  readonly messagesPerAddressPerMinute: number;
}

export interface ChatMessageBody {
  readonly messageId: string;
  readonly text: string;
  readonly name?: string | undefined;
  readonly email?: string | undefined;
}

/** The first language tag of an Accept-Language header ("tr-TR,tr;q=0.9" → "tr-TR"); "*" or junk → none. */
export function localeFromAcceptLanguage(header: string | undefined): string | undefined {
  const first = header?.split(',')[0]?.split(';')[0]?.trim();
  return first && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(first) ? first : undefined;
}

/**
 * One visitor message, from the WebSocket or the HTTP fallback alike: counted against the visitor's
 * minute, then enqueued like every channel's (FIFO group = conversation, dedup = visitor/message id,
 * so a resend after a dropped connection is stored once). The e-mail address the shop vouched for in
 * the token wins over one typed into the pre-chat form; a typed one travels unverified (a hint only).
 */
export async function acceptChatMessage(
  deps: AcceptDeps,
  visitor: Visitor,
  body: ChatMessageBody,
  receivedAt: Date,
  locale: string | undefined,
  sourceIp: string | undefined,
): Promise<InboundMessage> {
  const wait = secondsLeftInMinute(receivedAt);
  if (!(await deps.store.takeAllowance({ kind: 'visitor-messages', id: visitor.visitorId }, receivedAt, deps.messagesPerMinute))) {
    throw new RateLimitedError(`at most ${deps.messagesPerMinute} messages a minute; wait a moment and send again`, wait);
  }
  if (!(await deps.store.takeAllowance({ kind: 'address-messages', id: rateAddress(sourceIp) }, receivedAt, deps.messagesPerAddressPerMinute))) {
    throw new RateLimitedError(`at most ${deps.messagesPerAddressPerMinute} messages a minute from one network address; wait a moment and send again`, wait);
  }
  const email = visitor.email ?? body.email;
  // Chat messages are namespaced by visitor: two visitors' "msg-1" are different messages.
  const msg: InboundMessage = {
    channel: 'chat',
    channelMessageId: `${visitor.visitorId}/${body.messageId}`,
    from: {
      address: visitor.visitorId,
      ...(body.name ? { name: body.name } : {}),
      ...(email ? { email, ...(visitor.email ? { emailVerified: true as const } : {}) } : {}),
    },
    conversationKey: visitor.visitorId,
    text: body.text,
    attachments: [],
    receivedAt: receivedAt.toISOString(),
    ...(locale ? { localeHint: locale } : {}),
  };
  await deps.enqueue(msg);
  return msg;
}

/** Origins whose pages may use the chat; '*' allows any. A request without Origin is not a browser's. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  return !origin || allowed.includes('*') || allowed.includes(origin);
}
