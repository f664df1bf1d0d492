import { DomainError } from '../../core/errors';
import type { InboundMessage } from '../../core/messages';
import { toInboundMessage } from '../chat';
import type { ChatStore } from './ports';
import type { Visitor } from './visitor-token';

export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly code = 'rate_limited';
}

export interface AcceptDeps {
  readonly store: Pick<ChatStore, 'takeMessageAllowance'>;
  readonly enqueue: (msg: InboundMessage) => Promise<void>;
  readonly messagesPerMinute: number;
}

export interface ChatMessageBody {
  readonly messageId: string;
  readonly text: string;
  readonly name?: string | undefined;
  readonly email?: string | undefined;
}

/**
 * One visitor message, from the WebSocket or the HTTP fallback alike: counted against the visitor's
 * minute, then enqueued like every channel's (FIFO group = conversation, dedup = visitor/message id,
 * so a resend after a dropped connection is stored once). The e-mail address the shop vouched for in
 * the token wins over one typed into the pre-chat form.
 */
export async function acceptChatMessage(deps: AcceptDeps, visitor: Visitor, body: ChatMessageBody, receivedAt: Date, locale: string | undefined): Promise<InboundMessage> {
  if (!(await deps.store.takeMessageAllowance(visitor.visitorId, receivedAt, deps.messagesPerMinute))) {
    throw new RateLimitedError(`at most ${deps.messagesPerMinute} messages a minute; wait a moment and send again`);
  }
  const email = visitor.email ?? body.email;
  const msg = toInboundMessage(
    {
      visitorId: visitor.visitorId,
      messageId: body.messageId,
      text: body.text,
      ...(body.name ? { name: body.name } : {}),
      ...(email ? { email } : {}),
    },
    receivedAt,
    locale,
    Boolean(visitor.email),
  );
  await deps.enqueue(msg);
  return msg;
}

/** Origins whose pages may use the chat; '*' allows any. A request without Origin is not a browser's. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  return !origin || allowed.includes('*') || allowed.includes(origin);
}
