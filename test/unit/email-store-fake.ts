import type { EmailIngestDeps } from '#channels/email/ingest';
import { parseEmail } from '#channels/email/parse';
import type { InboundMessage } from '#core/messages';
import type { ConversationMessage, EmailConversation, EmailStore, SenderCount, SentMessageRef, Suppression, TicketSummary } from '#channels/email/ports';

/** An in-memory EmailStore with the DynamoDB adapter's semantics, for unit tests of the channel core. */
export class MemoryEmailStore implements EmailStore {
  readonly messageIds = new Map<string, { conversationKey: string; sent?: SentMessageRef }>();
  readonly tickets = new Map<string, TicketSummary>();
  readonly identities = new Map<string, string>();
  readonly subjects = new Map<string, { conversationKey: string; at: string }>();
  readonly counters = new Map<string, Set<string>>();
  readonly conversations = new Map<string, EmailConversation>();
  readonly suppressions = new Map<string, Suppression>();
  /** Ticket → SES ids its replies went out as (the delivery store keeps them on the interactions). */
  readonly sentProviders = new Map<string, string[]>();

  async conversationOfMessageId(id: string, openedKey?: string) {
    const remembered = this.messageIds.get(id)?.conversationKey;
    const opened = openedKey === undefined ? undefined : this.conversations.get(openedKey);
    if (remembered && remembered !== openedKey) return { conversationKey: remembered };
    return openedKey && (remembered || opened) ? { conversationKey: openedKey, ...(opened ? { conversation: opened } : {}) } : undefined;
  }
  async sentMessage(id: string) {
    return this.messageIds.get(id)?.sent;
  }
  async rememberMessageId(id: string, conversationKey: string, sent?: SentMessageRef) {
    if (!this.messageIds.has(id)) this.messageIds.set(id, { conversationKey, ...(sent ? { sent } : {}) });
  }
  async sentProviderIds(ticketId: string) {
    return this.sentProviders.get(ticketId) ?? [];
  }
  async getTicketSummary(id: string) {
    return this.tickets.get(id);
  }
  async customerOfAddress(address: string) {
    return this.identities.get(address.toLowerCase());
  }
  async claimSubject(address: string, subjectKey: string, candidate: string, now: Date, windowStart: Date, count?: SenderCount) {
    const key = `${address}#${subjectKey}`;
    const current = this.subjects.get(key);
    if (current && current.at >= windowStart.toISOString() && current.conversationKey !== candidate) {
      this.subjects.set(key, { ...current, at: now.toISOString() });
      return { conversationKey: current.conversationKey };
    }
    if (!current || current.conversationKey !== candidate) this.subjects.set(key, { conversationKey: candidate, at: now.toISOString() });
    return { conversationKey: candidate, ...(count ? { senderCount: await this.countSenderMail(address, count, now) } : {}) };
  }
  async countSenderMail(address: string, count: SenderCount, now: Date) {
    return this.countInWindow(`email-sender#${address}#${now.toISOString().slice(0, 13)}`, count.member);
  }
  async countInWindow(counter: string, member: string) {
    const set = this.counters.get(counter) ?? new Set<string>();
    set.add(member);
    this.counters.set(counter, set);
    return set.size;
  }
  async getConversation(key: string) {
    return this.conversations.get(key);
  }
  async recordConversationMessage(u: ConversationMessage, known?: EmailConversation | null) {
    // null: the message opens the conversation, recorded only while there is none (a replay changes nothing).
    if (known === null && this.conversations.has(u.conversationKey)) return undefined;
    const c = this.conversations.get(u.conversationKey);
    const chain = [...(c?.references ?? []), ...(c?.lastMessageId ? [c.lastMessageId] : []), ...(u.references ?? [])];
    const subject = c?.subject ?? u.subject;
    const supportAddress = c?.supportAddress ?? u.supportAddress;
    this.conversations.set(u.conversationKey, {
      conversationKey: u.conversationKey,
      ...(subject ? { subject } : {}),
      ...(supportAddress ? { supportAddress } : {}),
      lastMessageId: u.messageId,
      ...(u.fromCustomer ? { lastCustomerMessageId: u.messageId } : c?.lastCustomerMessageId ? { lastCustomerMessageId: c.lastCustomerMessageId } : {}),
      references: [...new Set(chain)].filter((id) => id !== u.messageId),
      ...(c?.sentIds ? { sentIds: c.sentIds } : {}),
      ...(u.fromCustomer && u.customerName ? { customerName: u.customerName } : c?.customerName ? { customerName: c.customerName } : {}),
      ...(c?.ticketId ? { ticketId: c.ticketId } : {}),
    });
    return known === null ? undefined : c;
  }
  async sendingContext(address: string, conversationKey: string) {
    const suppression = this.suppressions.get(address.toLowerCase());
    const conversation = this.conversations.get(conversationKey);
    return { ...(suppression ? { suppression } : {}), ...(conversation ? { conversation } : {}) };
  }
  async suppress(s: Suppression) {
    if (!this.suppressions.has(s.address)) this.suppressions.set(s.address, s);
  }
}

/**
 * The e-mail ingest's dependencies around a store, as a unit test runs the channel core: the mail read
 * back as given, attachments kept in a map, the real parser, enqueued messages in a list.
 */
export function emailIngestTestDeps(o: {
  store: EmailIngestDeps['store'];
  raw: Buffer;
  support: string;
  replyTokenSecret: string;
  maxMessageBytes?: number;
  maxAttachmentBytes?: number;
}) {
  const enqueued: InboundMessage[] = [];
  const stored = new Map<string, Uint8Array>();
  const deps: EmailIngestDeps = {
    store: o.store,
    readRaw: async () => o.raw,
    putAttachment: async (key, content) => void stored.set(key, content),
    attachmentsBucket: 'attachments',
    parse: (bytes, limits) => parseEmail(bytes, limits),
    enqueue: async (m) => void enqueued.push(m),
    settings: {
      supportAddresses: [o.support],
      fromName: 'Destek',
      colleagueDomains: [],
      subjectWindowHours: 72,
      acknowledgement: { enabled: true },
      limits: {
        autoRepliesPerSenderPerHour: 5,
        autoRepliesPerTicketPerHour: 5,
        maxMessageBytes: o.maxMessageBytes ?? 1 << 20,
        maxAttachmentBytes: o.maxAttachmentBytes ?? 1 << 20,
        maxAttachments: 20,
      },
    },
    replyTokenSecret: o.replyTokenSecret,
  };
  return { deps, enqueued, stored };
}
