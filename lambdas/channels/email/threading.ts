import { keyPart, sha256Hex } from '#core/bounds';
import type { EmailConversation, EmailStore } from './ports';
import { ticketFromRecipients, ticketOfOwnMessageId } from './reply-token';
import { normaliseSubject, ticketNumberInSubject } from './subject';

export type ThreadedBy = 'message-id' | 'reply-token' | 'subject-number' | 'subject-window' | 'new';

/**
 * The conversation a mail opens when it starts a thread: derived from its Message-ID (as the parser
 * gives it), so a replay lands on the same one, and a later mail quoting the id finds it by this key.
 */
export const conversationOpenedBy = (messageId: string): string => `mail-${sha256Hex(keyPart(messageId, 512)).slice(0, 24)}`;

export interface ThreadingInput {
  /** The mail's own Message-ID: never a reference to itself. */
  readonly messageId?: string | undefined;
  readonly sender: string | undefined;
  readonly subject: string | undefined;
  readonly inReplyTo: string | undefined;
  readonly references: readonly string[];
  /** Every address the mail was sent to (To, Cc, SES envelope recipients). */
  readonly recipients: readonly string[];
  /** SES's verdicts on who sent the mail: a colleague's [#N] counts only when they prove the sender. */
  readonly authentication: SenderAuthentication;
  /** The conversation a new thread gets: derived from the message, so a replay lands on the same. */
  readonly newConversationKey: string;
  readonly now: Date;
}

export interface ThreadingSettings {
  readonly supportAddresses: readonly string[];
  readonly colleagueDomains: readonly string[];
  readonly subjectWindowHours: number;
  readonly replyTokenSecret: string;
}

export interface ThreadDecision {
  readonly conversationKey: string;
  readonly threadedBy: ThreadedBy;
  /** The conversation's state when finding it read it (the record of this mail then needs no read). */
  readonly conversation?: EmailConversation;
  /** Why the mail did not join the ticket its subject names, when that is worth telling agents. */
  readonly note?: string;
}

export interface SenderAuthentication {
  readonly spf?: string | undefined;
  readonly dkim?: string | undefined;
  readonly dmarc?: string | undefined;
}

/**
 * Whether SES's verdicts prove the From domain: SPF or DKIM passed and DMARC did not fail. Anyone can
 * write `From: muhasebe@<shop domain>`; only the domain's own servers pass these.
 */
export function senderAuthenticated(a: SenderAuthentication): boolean {
  return (a.spf === 'PASS' || a.dkim === 'PASS') && a.dmarc !== 'FAIL';
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/**
 * Which conversation (and so which ticket) a mail belongs to, in order of certainty: a Message-ID we
 * know in In-Reply-To/References; the signed token in a reply address; the [#N] in the subject when
 * the sender is that ticket's customer or a colleague SES authenticated; the same customer's same
 * subject within the window; otherwise a conversation of its own.
 */
export async function resolveThread(store: EmailStore, input: ThreadingInput, settings: ThreadingSettings): Promise<ThreadDecision> {
  const byId = await threadByMessageId(store, input, settings.replyTokenSecret);
  if (byId) return byId;

  const tokenTicket = ticketFromRecipients(settings.replyTokenSecret, input.recipients, settings.supportAddresses);
  if (tokenTicket) {
    const ticket = await store.getTicketSummary(tokenTicket);
    if (ticket) return { conversationKey: ticket.conversationKey, threadedBy: 'reply-token' };
  }

  const sender = input.sender?.toLowerCase();
  const number = ticketNumberInSubject(input.subject);
  let note: string | undefined;
  if (number && sender) {
    const ticket = await store.getTicketSummary(number);
    if (ticket) {
      const colleagueDomain = settings.colleagueDomains.includes(domainOf(sender));
      const colleague = colleagueDomain && senderAuthenticated(input.authentication);
      // An unproven colleague address is an unknown sender: it joins only as the ticket's own customer.
      const customer = colleague ? undefined : await store.customerOfAddress(sender);
      if (colleague || (customer && customer === ticket.customerId)) {
        return { conversationKey: ticket.conversationKey, threadedBy: 'subject-number' };
      }
      if (colleagueDomain) note = unprovenColleague(sender, number, input.authentication);
    }
  }

  const subjectKey = normaliseSubject(input.subject);
  if (sender && subjectKey) {
    const windowStart = new Date(input.now.getTime() - settings.subjectWindowHours * 3_600_000);
    const conversationKey = await store.claimSubject(sender, subjectKey, input.newConversationKey, input.now, windowStart);
    return { conversationKey, threadedBy: conversationKey === input.newConversationKey ? 'new' : 'subject-window', ...(note ? { note } : {}) };
  }
  return { conversationKey: input.newConversationKey, threadedBy: 'new', ...(note ? { note } : {}) };
}

const isSesId = (id: string) => /@(?:[a-z0-9-]+\.)*amazonses\.com\s*>?$/i.test(id);

/**
 * A Message-ID we know in In-Reply-To/References, newest first. Our own ids name their ticket (signed):
 * one ticket read. Any other id is looked up (the item it was remembered under, or the conversation it
 * opened). An SES id quoted next to one of our signed ids belongs to a mail sent since those ids were
 * signed, which keeps no SES item for threading: it is not looked up.
 */
async function threadByMessageId(store: EmailStore, input: ThreadingInput, secret: string): Promise<ThreadDecision | undefined> {
  const ids = [input.inReplyTo, ...[...input.references].reverse()].filter((id): id is string => Boolean(id) && id !== input.messageId);
  const candidates = [...new Set(ids)].slice(0, 20);
  const signed = candidates.some((id) => ticketOfOwnMessageId(secret, id));
  for (const id of candidates) {
    const ownTicket = ticketOfOwnMessageId(secret, id);
    if (ownTicket) {
      const ticket = await store.getTicketSummary(ownTicket);
      if (ticket) return { conversationKey: ticket.conversationKey, threadedBy: 'message-id' };
      continue;
    }
    if (signed && isSesId(id)) continue;
    const known = await store.conversationOfMessageId(id, conversationOpenedBy(id));
    if (known) return { ...known, threadedBy: 'message-id' };
  }
  return undefined;
}

function unprovenColleague(sender: string, ticket: string, a: SenderAuthentication): string {
  const verdicts = `SPF ${a.spf ?? 'NONE'}, DKIM ${a.dkim ?? 'NONE'}, DMARC ${a.dmarc ?? 'NONE'}`;
  return `not joined to #${ticket} by its subject: ${sender} is in a colleague domain but SES did not authenticate it (${verdicts}; needs SPF or DKIM PASS and DMARC not FAIL)`;
}
