import type { SlaTarget, TicketSla } from './sla-policy';
import type { AttachmentRef, Channel, EmailFacts, OutboundAction, OutboundMessage } from './messages';

export const ticketStatuses = ['open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
// The bot's vocabulary, which the domain shares (the bot imports nothing from here).
export { orderStatuses, type Order, type OrderStatus, type Priority } from '#brain/types';
import type { Priority } from '#brain/types';

/**
 * A way to reach the customer that they typed themselves (the chat's pre-chat form): shown to agents
 * as unverified. It links no identity, widens no history and unlocks no order details.
 */
export interface ContactHint {
  readonly type: 'email';
  readonly value: string;
  readonly verified: false;
}

export interface Customer {
  readonly id: string;
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
  /** Addresses the customer typed but nobody proved (agents see them as unverified). */
  readonly contactHints?: readonly ContactHint[];
  /** The shop's category for the customer (e.g. "vip"), which can raise priority. */
  readonly category?: string;
  /** The shop's labels for the customer ("vip", "bayi"); routing rules can test them. */
  readonly tags?: readonly string[];
  readonly createdAt: string;
  /** Set when an admin merged this customer into another: everything now lives there. */
  readonly mergedInto?: string;
  /** Set when the customer's personal data was erased (KVKK/GDPR); the profile is a tombstone. */
  readonly erasedAt?: string;
}

export interface Identity {
  /** A channel's address, or 'phone' (E.164) which links WhatsApp and the phone on the customer's orders. */
  readonly channel: Channel | 'email' | 'phone';
  readonly address: string;
  readonly customerId: string;
}

export interface Ticket {
  /** The human ticket number as a string ("10001"); shown as #10001. */
  readonly id: string;
  readonly number: number;
  readonly status: TicketStatus;
  readonly priority: Priority;
  readonly channel: Channel;
  readonly customerId: string;
  readonly conversationKey: string;
  readonly subject?: string;
  /** The first line of the latest customer message, cut short: what an agent's list shows beside the subject. */
  readonly preview?: string;
  /** The name the customer gave on the channel (e-mail display name, chat pre-chat form, social profile): a label, not proof. */
  readonly customerName?: string;
  readonly locale: string;
  readonly assignee?: string;
  /** The team the ticket is routed to (core/teams.ts); its members are assigned from it. */
  readonly team?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastInboundAt: string;
  readonly firstResponseDueAt: string;
  readonly interactionCount: number;
  /** Optimistic-concurrency version: every write expects the version it read. */
  readonly version: number;
  /** Who has the ticket: the bot (answering, or waiting for the customer) or a person. */
  readonly handling?: 'bot' | 'human';
  readonly handoverReason?: string;
  /** The bot has answered on this ticket at least once. */
  readonly botAnswered?: boolean;
  /** A slot the bot asked for and waits on (built-in recognizer's dialog state). */
  readonly botDialog?: { readonly intent: string; readonly slot: string };
  /**
   * The bot's reading of the message that opened the ticket (the metrics and the intent views count by
   * it). Each message keeps its own reading on its interaction.
   */
  readonly classification?: TicketClassification;
  /** The latest customer message's intent, where it differs from the opening one. */
  readonly latestIntent?: string;
  /** Why the ticket has its priority: kept across messages (a calmer message never drops them). */
  readonly priorityReasons?: readonly string[];
  /** The order the conversation named (an existing one, or one not looked up): the bot and its suggestions use it. */
  readonly orderNumber?: string;
  /** When the bot handed the conversation to people: the SLA counts their first answer from here. */
  readonly handedOffAt?: string;
  /** The ticket's message (sequence number) that handed it over: a replay answers it the same way. */
  readonly handoffSeq?: number;
  /** Written by earlier versions; the suggestion now lives on the message it answers (Interaction.suggestedAnswer). */
  readonly suggestedAnswer?: string;
  readonly reaction?: 'helpful' | 'not_helpful';
  /** The latest outbound message the channel refused for good, so agents see why a reply never arrived. */
  readonly lastDeliveryFailure?: { readonly interactionKey: string; readonly reason: string; readonly at: string };
  /** Opened by a public comment under the shop's post: answered where everyone can see it. */
  readonly public?: boolean;
  /** Agents' labels. */
  readonly tags?: readonly string[];
  /** Facts the metrics read, each set once (see README "Metrics"). */
  readonly firstResponseAt?: string;
  readonly firstResponder?: 'bot' | 'human';
  /** The agent (token sub) whose reply was the first response, when a person gave it. */
  readonly firstResponseBy?: string;
  /** A person's first answer (the bot may have answered first, before the handoff): what the SLA measures. */
  readonly humanResponseAt?: string;
  readonly firstResolvedAt?: string;
  /** The latest resolution; cleared when the customer writes again. */
  readonly resolvedAt?: string;
  /** The agent who resolved it (the latest resolution). */
  readonly resolvedBy?: string;
  readonly reopenCount?: number;
  readonly agentReplies?: number;
  /** Agents' replies by agent (token sub): the per-agent figures count them once the ticket is resolved. */
  readonly repliesByAgent?: Readonly<Record<string, number>>;
  readonly slaBreachedAt?: string;
  /** The SLA policy's clocks and what was escalated and breached (core/sla-policy.ts). */
  readonly sla?: TicketSla;
  /** Escalations and breaches by policy and target (`escalated|<policy>|<target>` → count): what the metrics read. */
  readonly slaCounts?: Readonly<Record<string, number>>;
  /** The latest agent reply: answers the next-response target. */
  readonly lastAgentReplyAt?: string;
  readonly csat?: { readonly score: number; readonly comment?: string; readonly at: string };
  /** Addresses the customer typed on this ticket but nobody proved, newest last. */
  readonly contactHints?: readonly ContactHint[];
  /** The customer's address on the ticket's channel: where replies go. */
  readonly customerAddress?: string;
  /** The last few customer messages the ticket holds (`<hash>:<sequence>`): a replay finds its own here. */
  readonly recentInbound?: readonly string[];
  /** The last few macro runs on the ticket (a hash of each run's request id): a retried run changes nothing. */
  readonly recentMacroRuns?: readonly string[];
}

export interface TicketClassification {
  readonly lang: string;
  readonly intent: string;
  readonly confidence: number;
  readonly engine: 'builtin' | 'lex';
  readonly entities: readonly { readonly type: string; readonly value: string }[];
  /** A message with several requests: each part's intent and confidence ("cancel my order and send my invoice"). */
  readonly requests?: readonly { readonly intent: string; readonly confidence: number }[];
  /** The recognizer's other candidates: kept by earlier versions only. */
  readonly top?: readonly { readonly intent: string; readonly confidence: number }[];
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface Delivery {
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly leaseUntil?: string;
  readonly sentAt?: string;
  readonly providerMessageId?: string;
  readonly lastError?: string;
  readonly failedAt?: string;
  /** What the provider reported after sending (social delivery and read receipts). */
  readonly providerStatus?: 'delivered' | 'read' | 'failed';
  readonly deliveredAt?: string;
  readonly readAt?: string;
  readonly providerError?: string;
}

export interface Interaction {
  readonly ticketId: string;
  /** The interaction's id on its ticket, `<time>#<id>` (see interactionId): sorts by time, no table format. */
  readonly key: string;
  /** 'internal': agents' notes and the ticket's events, never sent to the customer. */
  readonly direction: 'in' | 'out' | 'internal';
  readonly kind: 'message' | OutboundMessage['kind'] | 'note' | 'event';
  readonly channel: Channel;
  readonly customerId: string;
  readonly at: string;
  readonly messageKey?: string;
  readonly from?: string;
  readonly to?: string;
  readonly subject?: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments?: readonly AttachmentRef[];
  readonly locale?: string;
  readonly delivery?: Delivery;
  /** Inbound messages: the bot's reading and the priority it gave. */
  readonly classification?: TicketClassification;
  readonly priority?: Priority;
  /** Inbound e-mail: the reply's new part, shown before the whole message. */
  readonly newText?: string;
  /** Inbound: why nothing automatic answered it (loop guard, spam verdict, configuration). */
  readonly autoReplySuppressed?: string;
  /** Inbound e-mail: headers, SES verdicts, raw message; outbound e-mail: the Message-ID we sent. */
  readonly email?: EmailFacts;
  /** Social: the provider's id of the message this one answers or reacts to. */
  readonly replyTo?: string;
  /** Social: the customer's edit of an earlier message, named by the provider's id of that message. */
  readonly editOf?: string;
  /** Who wrote a note or reply, or caused an event (agent sub, 'system', 'customer'). */
  readonly author?: string;
  /** Events: what changed. */
  readonly event?: {
    readonly type: string;
    readonly from?: unknown;
    readonly to?: unknown;
    /** sla_escalated, sla_breached: the policy and target (core/sla-policy.ts). */
    readonly policy?: string;
    readonly target?: SlaTarget;
  };
  /** Outbound: the buttons sent with it (quick replies, handover, CSAT), shown again in chat history. */
  readonly actions?: readonly OutboundAction[];
}

/**
 * An interaction's id on its ticket: its time, then an id unique within the ticket. Sorts by time and is
 * deterministic, so a replay plans the same id; the adapters map it to and from the table's sort key.
 */
export const interactionId = (at: string, id: string): string => `${at}#${id}`;

/** The delivery record of an outbound message on its ticket: pending until the sender takes it. */
export function outboundInteraction(m: OutboundMessage, customerId: string, author?: string): Interaction {
  return {
    ticketId: m.ticketId,
    key: m.interactionKey,
    direction: 'out',
    kind: m.kind,
    channel: m.channel,
    customerId,
    at: m.createdAt,
    to: m.to,
    ...(m.subject ? { subject: m.subject } : {}),
    text: m.text,
    locale: m.locale,
    ...(m.actions?.length ? { actions: m.actions } : {}),
    ...(m.attachments?.length ? { attachments: m.attachments } : {}),
    ...(author ? { author } : {}),
    delivery: { status: 'pending', attempts: 0 },
  };
}

/** The reply an outbound interaction records, to hand to the queue again (a replay of the message that asked for it). */
export function replyOf(i: Interaction, outboundId: string, conversationKey: string): OutboundMessage {
  return {
    outboundId,
    ticketId: i.ticketId,
    interactionKey: i.key,
    kind: i.kind as OutboundMessage['kind'],
    channel: i.channel,
    to: i.to ?? '',
    conversationKey,
    ...(i.subject ? { subject: i.subject } : {}),
    text: i.text,
    locale: i.locale ?? '',
    createdAt: i.at,
    ...(i.actions?.length ? { actions: [...i.actions] } : {}),
    ...(i.attachments?.length ? { attachments: [...i.attachments] } : {}),
  };
}

export const formatTicketNumber = (n: number | string): string => `#${n}`;
