import { RateLimitedError } from '#core/errors';
import type { InboundMessage } from '#core/messages';
import { rateAddress, secondsLeftInMinute, type ChatStore } from './ports';
import type { Visitor } from './visitor-token';
import { checkChatFile } from './files';
import { attachmentKey, sanitiseFilename } from '#core/attachment-key';

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

/** Counts one message against the visitor's minute and their network address's; a RateLimitedError past either. */
async function takeMessageAllowance(deps: AcceptDeps, visitor: Visitor, receivedAt: Date, sourceIp: string | undefined): Promise<void> {
  const wait = secondsLeftInMinute(receivedAt);
  if (!(await deps.store.takeAllowance({ kind: 'visitor-messages', id: visitor.visitorId }, receivedAt, deps.messagesPerMinute))) {
    throw new RateLimitedError(`at most ${deps.messagesPerMinute} messages a minute; wait a moment and send again`, wait);
  }
  if (!(await deps.store.takeAllowance({ kind: 'address-messages', id: rateAddress(sourceIp) }, receivedAt, deps.messagesPerAddressPerMinute))) {
    throw new RateLimitedError(`at most ${deps.messagesPerAddressPerMinute} messages a minute from one network address; wait a moment and send again`, wait);
  }
}

/**
 * The visitor's message as every channel's: the e-mail address the shop vouched for in the token wins
 * over one typed into the pre-chat form; a typed one travels unverified (a hint only).
 */
function chatInbound(visitor: Visitor, body: ChatMessageBody, receivedAt: Date, locale: string | undefined): InboundMessage {
  const email = visitor.email ?? body.email;
  return {
    channel: 'chat',
    // Chat messages are namespaced by visitor: two visitors' "msg-1" are different messages.
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
}

/**
 * One visitor message, from the WebSocket or the HTTP fallback alike: counted against the visitor's
 * minute, then enqueued like every channel's (FIFO group = conversation, dedup = visitor/message id,
 * so a resend after a dropped connection is stored once).
 */
export async function acceptChatMessage(
  deps: AcceptDeps,
  visitor: Visitor,
  body: ChatMessageBody,
  receivedAt: Date,
  locale: string | undefined,
  sourceIp: string | undefined,
): Promise<InboundMessage> {
  await takeMessageAllowance(deps, visitor, receivedAt, sourceIp);
  const msg = chatInbound(visitor, body, receivedAt, locale);
  await deps.enqueue(msg);
  return msg;
}

/** Where a visitor's files go: the attachments bucket, under the chat channel's keys. */
export interface ChatFileDeps {
  readonly bucket: string;
  readonly put: (key: string, bytes: Uint8Array, contentType: string) => Promise<void>;
  readonly maxBytes: number;
}

/**
 * A visitor's photo or PDF as a message of its own: checked by content first (a refused file stores
 * nothing), counted like any message, stored under the key every channel's attachments have (derived
 * from the message id, so a resend overwrites the same object), then enqueued with it; the queue and
 * the pipeline store a resent message once.
 */
export async function acceptChatFile(
  deps: AcceptDeps & { readonly files: ChatFileDeps },
  visitor: Visitor,
  body: Omit<ChatMessageBody, 'text'> & { readonly filename: string; readonly bytes: Uint8Array },
  receivedAt: Date,
  locale: string | undefined,
  sourceIp: string | undefined,
): Promise<InboundMessage> {
  const file = await checkChatFile(body.bytes, body.filename, deps.files.maxBytes);
  await takeMessageAllowance(deps, visitor, receivedAt, sourceIp);
  const msg = chatInbound(visitor, { ...body, text: '' }, receivedAt, locale);
  const key = attachmentKey(msg, 1, sanitiseFilename(file.filename, file.contentType));
  await deps.files.put(key, body.bytes, file.contentType);
  const withFile: InboundMessage = { ...msg, attachments: [{ bucket: deps.files.bucket, key, ...file }] };
  await deps.enqueue(withFile);
  return withFile;
}

/** Origins whose pages may use the chat; '*' allows any. A request without Origin is not a browser's. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  return !origin || allowed.includes('*') || allowed.includes(origin);
}
