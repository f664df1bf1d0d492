import type { EmailConversation, EmailStore, SenderCount, TicketSummary } from './ports';
import { ticketFromRecipients } from './reply-token';
import { normaliseSubject, ticketNumberInSubject } from './subject';
import { threadByMessageId } from './thread-by-id';

export { conversationOpenedBy } from './thread-by-id';

export type ThreadedBy = 'message-id' | 'reply-token' | 'subject-number' | 'subject-window' | 'new';

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
  /** Count the mail toward its sender's hour if it opens a conversation by claiming its subject (one write for both). */
  readonly countSender?: SenderCount | undefined;
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
  /** The conversation's ticket, when finding it read it (a ticket number in our own Message-ID, or the conversation item). */
  readonly ticketId?: string;
  /** The sender's mails this hour, when claiming the subject counted this one (see countSender). */
  readonly senderCount?: number;
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
  const tokenTicket = ticketFromRecipients(settings.replyTokenSecret, input.recipients, settings.supportAddresses);
  const number = ticketNumberInSubject(input.subject);
  // Each ticket is read once, whichever step asks first.
  const read = new Map<string, Promise<TicketSummary | undefined>>();
  const ticketOf = (id: string) => read.get(id) ?? read.set(id, store.getTicketSummary(id)).get(id)!;
  const named = [tokenTicket, number].filter((t): t is string => Boolean(t));
  const byId = await threadByMessageId(store, input, { secret: settings.replyTokenSecret, ticketOf, namedTickets: named });
  if (byId) return byId;

  if (tokenTicket) {
    const ticket = await ticketOf(tokenTicket);
    if (ticket) return { conversationKey: ticket.conversationKey, threadedBy: 'reply-token' };
  }

  const sender = input.sender?.toLowerCase();
  let note: string | undefined;
  if (number && sender) {
    const ticket = await ticketOf(number);
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
    const claim = await store.claimSubject(sender, subjectKey, input.newConversationKey, input.now, windowStart, input.countSender);
    const { conversationKey, senderCount } = claim;
    return {
      conversationKey,
      threadedBy: conversationKey === input.newConversationKey ? 'new' : 'subject-window',
      ...(senderCount !== undefined ? { senderCount } : {}),
      ...(note ? { note } : {}),
    };
  }
  return { conversationKey: input.newConversationKey, threadedBy: 'new', ...(note ? { note } : {}) };
}

function unprovenColleague(sender: string, ticket: string, a: SenderAuthentication): string {
  const verdicts = `SPF ${a.spf ?? 'NONE'}, DKIM ${a.dkim ?? 'NONE'}, DMARC ${a.dmarc ?? 'NONE'}`;
  return `not joined to #${ticket} by its subject: ${sender} is in a colleague domain but SES did not authenticate it (${verdicts}; needs SPF or DKIM PASS and DMARC not FAIL)`;
}
