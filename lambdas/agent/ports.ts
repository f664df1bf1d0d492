import type { Channel, OutboundMessage } from '#core/messages';
import type { Customer, Delivery, Identity, Interaction, Priority, Ticket, TicketStatus } from '#core/model';
import type { Page, ProcessedMessage, TicketReader } from '#core/ports';
import type { TicketFacts } from '#agent/metrics';
import type { CappedCount, OpenTicketEntry } from '#agent/ticket-counts';
import type { HelpEvent, HelpStatRow } from '#helpcenter/deflection';
import type { Macro } from '#core/macros';
import type { RoutingRule } from '#core/routing-rules';

/** An identity kind: a channel, or a phone number (contracts §4). */
export type IdentityKind = Identity['channel'] | 'phone';

export interface TicketQuery {
  readonly status: TicketStatus;
  readonly sort: 'updated' | 'priority';
  readonly channel?: Channel;
  readonly priority?: Priority;
  readonly assignee?: string;
  /** The team's tickets nobody holds (its waiting queue). */
  readonly team?: string;
  readonly intent?: string;
  readonly breached?: boolean;
  readonly limit: number;
  readonly cursor?: string;
}

/** A ticket write: the ticket (version-guarded) and what goes on its timeline, all or nothing. */
export interface TicketChange {
  readonly ticket: Ticket;
  readonly expectedVersion: number;
  readonly interactions: readonly Interaction[];
  /**
   * An agent's reply under the client's key, kept with the change: when the ticket already has a reply
   * under that key, the change is a 'duplicate' (the request was repeated).
   */
  readonly reply?: AgentReply & { readonly clientKey: string };
  /** A fact set once (e.g. slaBreachedAt): the write also requires the stored ticket not to have it yet. */
  readonly setsOnce?: keyof Ticket;
}

export type ChangeResult = 'committed' | 'conflict' | 'duplicate';

/** An agent's reply: the message handed to the sender and its entry on the timeline. */
export interface AgentReply {
  readonly message: OutboundMessage;
  readonly interaction: Interaction;
}

export interface CannedResponse {
  readonly id: string;
  readonly locale: string;
  readonly title: string;
  readonly text: string;
  readonly tags?: readonly string[];
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** An admin's answer for an intent in a locale, used by the bot instead of the built-in one. */
export interface AnswerOverride {
  readonly intent: string;
  readonly locale: string;
  readonly text: string;
  /** false: the bot hands this intent to a person in this locale. */
  readonly enabled: boolean;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** What the agent API needs from storage (the DynamoDB adapter: adapters/agent-store.ts). */
export interface AgentStore extends TicketReader {
  queryTickets(q: TicketQuery): Promise<Page<Ticket>>;
  commitTicketChange(change: TicketChange): Promise<ChangeResult>;
  /** The newest interactions of a ticket first (finding where replies go). */
  latestInbound(ticketId: string): Promise<Interaction | undefined>;
  /** The reply an earlier request with this client key made. */
  getReply(ticketId: string, clientKey: string): Promise<AgentReply | undefined>;
  getDelivery(ticketId: string, interactionKey: string): Promise<Delivery | undefined>;

  getCustomer(id: string): Promise<Customer | undefined>;
  putCustomer(c: Customer): Promise<void>;
  getIdentity(kind: IdentityKind, address: string): Promise<Identity | undefined>;
  listIdentities(customerId: string): Promise<Identity[]>;
  /** Every customer, newest first. */
  listCustomers(limit: number, cursor?: string): Promise<Page<Customer>>;
  customerTickets(customerId: string, limit: number, cursor?: string): Promise<Page<Ticket>>;
  customerInteractions(customerId: string, limit: number, cursor?: string): Promise<Page<Interaction>>;
  /** Points an identity at another customer; false when it no longer belongs to `from`. */
  moveIdentity(identity: Identity, to: string): Promise<boolean>;
  /** Re-files an interaction under another customer (the customer view index). */
  moveInteraction(i: Interaction, to: string): Promise<void>;
  deleteIdentity(identity: Identity): Promise<void>;
  /** Replaces an interaction with an anonymised one. */
  replaceInteraction(i: Interaction): Promise<void>;
  deleteThread(channel: Channel, conversationKey: string): Promise<void>;
  /** A processed message's record (its replies, and the bot's suggested answer when a person has the ticket). */
  getProcessedMessage(messageKey: string): Promise<ProcessedMessage | undefined>;
  /** Drops what a processed-message guard kept of the replies it sent and the bot's suggestion, keeping the guard itself. */
  forgetProcessedReplies(messageKey: string): Promise<void>;
  /** Starts or resumes a merge; returns the target it is recorded with. */
  recordMerge(from: string, into: string): Promise<string>;

  listCanned(locale: string, limit: number, cursor?: string): Promise<Page<CannedResponse>>;
  getCanned(locale: string, id: string): Promise<CannedResponse | undefined>;
  putCanned(c: CannedResponse): Promise<void>;
  deleteCanned(locale: string, id: string): Promise<boolean>;

  listAnswers(intent: string): Promise<AnswerOverride[]>;
  putAnswer(a: AnswerOverride): Promise<void>;
  deleteAnswer(intent: string, locale: string): Promise<boolean>;

  /** Every open ticket's work-queue index entry (never the tickets themselves), for the views' counts. */
  openTicketEntries(): Promise<OpenTicketEntry[]>;
  /** Which of these tickets no longer wait for people's first answer (answered or resolved since people got them). */
  firstResponded(ticketIds: readonly string[]): Promise<Set<string>>;
  /** How many tickets have this status, counted up to `cap`. */
  countTickets(status: 'pending' | 'resolved', cap: number): Promise<CappedCount>;

  /** The metric facts of the tickets opened in a range, in creation order. */
  ticketFactsCreatedBetween(from: string, to: string): AsyncIterable<TicketFacts>;
}

/** The attachments in object storage, as the agent API needs them. */
export interface AgentFiles {
  /** Removes a customer's files (erasure). */
  erase(refs: readonly { bucket: string; key: string }[]): Promise<number>;
  /** The keys of those files that are no longer stored (a reply must not promise them). */
  missing(refs: readonly { bucket: string; key: string }[]): Promise<string[]>;
}

/** An object an agent uploaded, as stored: what the content check reads. */
export interface StoredUpload {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  /** The type the upload form fixed (the declared type). */
  readonly contentType: string;
  /** The file's first bytes (at least UPLOAD_SNIFF_BYTES when it is that long). */
  readonly head: Uint8Array;
}

/** Signed links to the files of tickets in object storage (the S3 adapter: adapters/s3-agent-uploads.ts). */
export interface AgentUploads {
  /** A GET link for a stored file that works for `seconds`. */
  downloadLink(ref: { bucket: string; key: string; filename: string; contentType: string }, seconds: number): Promise<string>;
  /** A form that uploads one object under `key`: only of `contentType`, at most `maxBytes`, for `seconds`. */
  uploadForm(key: string, contentType: string, maxBytes: number, seconds: number): Promise<{ url: string; fields: Record<string, string> }>;
  /** The uploaded object under `key`, or undefined when nothing was uploaded there. */
  inspect(key: string): Promise<StoredUpload | undefined>;
  /** Deletes an upload whose content was refused. */
  remove(key: string): Promise<void>;
  /** An upload a reply sends stays with the ticket: it loses the mark that expires unsent uploads after a day. */
  keep(key: string): Promise<void>;
}

/** The help center's daily counters (adapters/help-stats): events added, a range's rows read back. */
export interface HelpStats {
  /** Adds each event's counts to its day's item (one write each). */
  add(day: string, events: readonly HelpEvent[]): Promise<void>;
  /** Every counter row of the days from..to (YYYY-MM-DD, both included). */
  rowsBetween(fromDay: string, toDay: string): AsyncIterable<HelpStatRow>;
}

/** The help center's published articles: what the event route accepts and what the metrics name. */
export interface HelpArticles {
  find(locale: string, id: string): Promise<{ readonly slug: string; readonly title: string } | undefined>;
}

/** The routing rules as the admin routes manage them (adapters/routing-store.ts). */
export interface RuleStore {
  /** Every rule, in evaluation order. */
  listRules(): Promise<RoutingRule[]>;
  getRule(id: string): Promise<RoutingRule | undefined>;
  /** Stores the rule; a new one goes last in the order. */
  putRule(rule: RoutingRule, isNew: boolean): Promise<void>;
  deleteRule(id: string): Promise<boolean>;
  setRuleOrder(ids: readonly string[]): Promise<void>;
  /** Each rule's hit count (0 when it never matched). */
  ruleHits(ids: readonly string[]): Promise<Record<string, number>>;
}

export interface MacroStore {
  listMacros(): Promise<Macro[]>;
  getMacro(id: string): Promise<Macro | undefined>;
  putMacro(macro: Macro): Promise<void>;
  deleteMacro(id: string): Promise<boolean>;
}
