import * as z from 'zod/mini';
import '#definitions/zod-messages';
import type { OutboundAction } from '#core/messages';

/**
 * What travels over the chat WebSocket. The widget (widget/) speaks the same frames; its copy of these
 * types is checked against this file by test/unit/chat-frames.test.ts (at type-check time).
 */
const id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/, 'letters, digits, _ or -, at most 128'));

/** A visitor's message, as a WebSocket frame and as the HTTP fallback's body alike. */
export function chatMessageFields(maxChars: number) {
  return {
    /** The client's id: a resend after a dropped connection reuses it and is stored once. */
    messageId: id,
    text: z.string().check(
      z.maxLength(maxChars, `at most ${maxChars} characters`),
      z.refine((t) => t.trim().length > 0, 'must not be empty'),
    ),
    /**
     * The pre-chat form: a contact hint for agents (unverified). It links no customer, widens no
     * history and unlocks no order details; only the shop's signed customer reference does.
     */
    name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
    email: z.optional(z.email().check(z.maxLength(320))),
  };
}

/** POST /chat/attachments' query: the message's id, the file's name, and the pre-chat form's hints. */
export const fileMessageQuerySchema = z.strictObject({
  messageId: id,
  filename: z.string().check(z.minLength(1), z.maxLength(255)),
  name: chatMessageFields(1).name,
  email: chatMessageFields(1).email,
});

export function sendMessageFrameSchema(maxChars: number) {
  return z.strictObject({ ...chatMessageFields(maxChars), action: z.literal('sendMessage') });
}

/** POST /chat/messages: the visitor is the token's; a visitorId, when sent, must be that visitor. */
export function httpMessageSchema(maxChars: number) {
  return z.strictObject({ ...chatMessageFields(maxChars), visitorId: z.optional(id) });
}

export type ErrorCode = 'invalid_json' | 'invalid_message' | 'too_large' | 'rate_limited' | 'unknown_action' | 'not_connected';

export type ServerFrame =
  | { type: 'ack'; messageId: string }
  | { type: 'error'; code: ErrorCode; message: string; messageId?: string }
  | { type: 'message'; id: string; kind: string; text: string; at: string; actions?: OutboundAction[] }
  /** An agent started (on) or stopped (off) writing a reply on the visitor's ticket. */
  | { type: 'typing'; on: boolean };

export const frame = (f: ServerFrame): string => JSON.stringify(f);
