import { keyPart, sha256Hex } from '#core/bounds';
import type { EmailStore, TicketSummary } from './ports';
import { ticketOfOwnMessageId } from './reply-token';
import { canonicalSesId, sesMessageId } from './ses-message';
import type { ThreadDecision, ThreadingInput } from './threading';

/**
 * The conversation a mail opens when it starts a thread: derived from its Message-ID (as the parser
 * gives it), so a replay lands on the same one, and a later mail quoting the id finds it by this key.
 */
export const conversationOpenedBy = (messageId: string): string => `mail-${sha256Hex(keyPart(messageId, 512)).slice(0, 24)}`;

export interface ByIdContext {
  readonly secret: string;
  /** Reads a ticket (once per ticket for the whole decision). */
  readonly ticketOf: (id: string) => Promise<TicketSummary | undefined>;
  /** Tickets the mail names otherwise (reply token, then [#N]): where a quoted SES id is verified. */
  readonly namedTickets: readonly string[];
}

/**
 * A Message-ID we know in In-Reply-To/References, newest first. Our own ids name their ticket (signed):
 * one ticket read. SES's ids of our mails are checked against the replies of a ticket the mail names
 * (an id of a mail sent before those were kept has an item of its own). Any
 * other id is looked up: the item it was remembered under, or the conversation it opened.
 */
export async function threadByMessageId(store: EmailStore, input: ThreadingInput, ctx: ByIdContext): Promise<ThreadDecision | undefined> {
  const ids = [input.inReplyTo, ...[...input.references].reverse()].filter((id): id is string => Boolean(id) && id !== input.messageId);
  const candidates = [...new Set(ids)].slice(0, 20);
  const quotedSes: string[] = [];
  for (const id of candidates) {
    const ownTicket = ticketOfOwnMessageId(ctx.secret, id);
    if (ownTicket) {
      const ticket = await ctx.ticketOf(ownTicket);
      if (ticket) return { conversationKey: ticket.conversationKey, threadedBy: 'message-id', ticketId: ticket.id };
      continue;
    }
    const ses = canonicalSesId(id);
    if (ses) {
      quotedSes.push(ses);
      continue;
    }
    const known = await store.conversationOfMessageId(id, conversationOpenedBy(id));
    if (known) return { ...known, threadedBy: 'message-id' };
  }
  return quotedSes.length ? threadBySesId(store, quotedSes, ctx) : undefined;
}

async function threadBySesId(store: EmailStore, quoted: readonly string[], ctx: ByIdContext): Promise<ThreadDecision | undefined> {
  for (const id of ctx.namedTickets) {
    const ticket = await ctx.ticketOf(id);
    if (!ticket) continue;
    const sent = await store.sentProviderIds(ticket.id);
    if (sent.some((providerId) => quoted.includes(sesMessageId(providerId))))
      return { conversationKey: ticket.conversationKey, threadedBy: 'message-id', ticketId: ticket.id };
    // Mails an earlier version sent are listed on the conversation.
    const conversation = await store.getConversation(ticket.conversationKey);
    if (conversation?.sentIds?.some((s) => quoted.includes(s)))
      return { conversationKey: conversation.conversationKey, conversation, threadedBy: 'message-id' };
  }
  for (const id of quoted) {
    const known = await store.conversationOfMessageId(id);
    if (known) return { conversationKey: known.conversationKey, threadedBy: 'message-id' };
  }
  return undefined;
}
