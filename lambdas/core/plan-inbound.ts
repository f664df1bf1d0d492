import { createHash } from 'node:crypto';
import { messageKey, type InboundMessage, type OutboundMessage } from './messages';
import { firstResponseHours, higherPriority } from '#brain/priority';
import { addBusinessTime, ALWAYS_OPEN, type BusinessCalendar, isOpen, nextOpening } from './business-time';
import type { Analysis } from './analyse';
import {
  formatTicketNumber,
  interactionId,
  outboundInteraction,
  type ContactHint,
  type Customer,
  type Identity,
  type Interaction,
  type Priority,
  type Ticket,
} from './model';
import { acknowledgementText, dueInWords, handoffText, outOfHoursText, pickLocale, restToPeopleText, stillWaitingText } from './templates';
import { awaitsFirstResponse } from './sla';
import { type SlaClockSettings, withSlaClocks } from './sla-clocks';
import { chatAnswerActions } from './chat-actions';
import type { OrderContactIdentity } from './order-links';
import { planRules, type RulePlan } from './plan-rules';
import type { ActiveRule } from './routing-rules';

export interface PipelineSettings {
  readonly defaultLocale: string;
  readonly locales: readonly string[];
  readonly firstResponseHours: number;
  /** Shorter (or longer) first-response targets by priority. */
  readonly slaByPriority?: Partial<Record<Priority, number>>;
  /** The time zone the customer is told due times in (IANA name); Europe/Istanbul when not set. */
  readonly timeZone?: string;
  /** The team's business hours: the SLA counts open time only. Open all the time when not set. */
  readonly calendar?: BusinessCalendar;
  /** SLA policies and named calendars: with them the ticket carries a clock per target (core/sla-clocks.ts). */
  readonly sla?: Omit<SlaClockSettings, 'teamCalendars'>;
}

export const DEFAULT_TIME_ZONE = 'Europe/Istanbul';

/** What the store knows about the message's sender and conversation, read before planning. */
export interface InboundContext {
  readonly identity?: Identity;
  /** Identity for the e-mail address the customer gave on this channel, when any. */
  readonly emailIdentity?: Identity;
  /** The conversation's current ticket, when the conversation has one. */
  readonly ticket?: Ticket;
  /** A freshly allocated number, present when a new ticket must be opened. */
  readonly newTicketNumber?: number;
  /** The bot's reading of the message and its decision; without it, every message goes to a human. */
  readonly analysis?: Analysis;
  /** Identity for the phone number (E.164) the message carries, when any. */
  readonly phoneIdentity?: Identity;
  /**
   * The other contacts of an order the bot verified as the customer's (order data the shop vouches
   * for), each with the identity already holding it, if any.
   */
  readonly orderContacts?: readonly OrderContactIdentity[];
  /**
   * The conversation's thread already names this new ticket (an earlier run claimed the number and
   * stopped before creating it): the ticket is created under that number and the thread is left alone.
   */
  readonly threadClaimed?: boolean;
  /**
   * The ticket already holds this message (an earlier or concurrent run committed it) at this sequence
   * number: nothing on the ticket changes; only its interactions are written again if missing.
   */
  readonly appliedSeq?: number;
  /** The routing rules in evaluation order (core/routing-rules.ts), and the customer's tags they may test. */
  readonly rules?: readonly ActiveRule[];
  readonly customerTags?: readonly string[];
  /** Team id → its calendar's name: a ticket's SLA counts in its team's calendar. */
  readonly teamCalendars?: Readonly<Record<string, string>>;
}

/**
 * Everything one inbound message writes. The store writes it in steps, each safe to repeat: customer
 * and identities, the thread, then the ticket (the commit point: its version guards concurrent writers
 * and its recentInbound names the messages it holds), then the interactions under keys the message
 * fixes, and last the message's record (the replay guard).
 */
export interface InboundCommit {
  readonly messageKey: string;
  readonly processedAt: string;
  readonly newCustomer?: Customer;
  readonly newIdentities: readonly Identity[];
  readonly ticket: Ticket;
  /** undefined: create the ticket; a number: the version the update expects to replace. */
  readonly expectedTicketVersion?: number;
  /** The ticket holds the message already: write no customer, identity, thread or ticket. */
  readonly alreadyApplied?: boolean;
  /** Set when the conversation must point at a (new) ticket. */
  readonly threadTicketId?: string;
  /** The (closed) ticket the thread pointed at, which the thread write expects to replace. */
  readonly previousThreadTicketId?: string;
  readonly interaction: Interaction;
  readonly outbound: readonly { interaction: Interaction; message: OutboundMessage }[];
  /** For agents, when a person has the ticket: what the bot would have answered (kept on the message's record). */
  readonly suggestedAnswer?: string;
  /** The routing rules' timeline events, written like the interaction (each once). */
  readonly events?: readonly Interaction[];
  /** The routing rules that matched: counted when the message is new. */
  readonly ruleHits?: readonly string[];
}

const suggestionOf = (a: Analysis | undefined) => (a?.handling === 'human' && a.suggestedAnswer ? { suggestedAnswer: a.suggestedAnswer } : {});

/** The e-mail address the message proves (a shop-signed one on chat); a typed one proves nothing. */
export function verifiedEmail(msg: InboundMessage): string | undefined {
  return msg.channel !== 'email' && msg.from.email && msg.from.emailVerified ? msg.from.email.trim().toLowerCase() : undefined;
}

/** An address the customer typed, kept for agents as unverified. */
function contactHintOf(msg: InboundMessage): ContactHint | undefined {
  return msg.channel !== 'email' && msg.from.email && !msg.from.emailVerified
    ? { type: 'email', value: msg.from.email.trim().toLowerCase(), verified: false }
    : undefined;
}

/** The ticket's hints with this one last; a few at most, so a visitor cannot grow the item. */
function withHint(hints: readonly ContactHint[] | undefined, hint: ContactHint): ContactHint[] {
  return [...(hints ?? []).filter((h) => h.type !== hint.type || h.value !== hint.value), hint].slice(-MAX_CONTACT_HINTS);
}
const MAX_CONTACT_HINTS = 5;

/** A ticket of the conversation takes the message unless it is closed; a closed one starts anew. */
export function needsNewTicket(ticket: Ticket | undefined): boolean {
  return !ticket || ticket.status === 'closed';
}

const shortHash = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 16);

/**
 * The ticket's count (version-guarded, so one writer per value) orders messages with the same time:
 * WhatsApp and Telegram stamp whole seconds, and the conversation's FIFO group hands them over in order.
 */
const sequence = (n: number): string => String(n).padStart(6, '0');

/** How many messages a ticket remembers having applied (recentInbound); a replay older than these meets the message record. */
const RECENT_INBOUND = 8;
/** A message's entry in the ticket's recentInbound: a short hash of its key and its sequence number. */
const recentEntryPrefix = (key: string): string => `${shortHash(key).slice(0, 10)}:`;

/** The sequence number at which the ticket holds the message, when it does. */
export function appliedSequence(ticket: Ticket | undefined, key: string): number | undefined {
  const prefix = recentEntryPrefix(key);
  const entry = ticket?.recentInbound?.find((e) => e.startsWith(prefix));
  return entry ? Number(entry.slice(prefix.length)) : undefined;
}

const remember = (recent: readonly string[] | undefined, key: string, seq: number): string[] =>
  [...(recent ?? []), `${recentEntryPrefix(key)}${seq}`].slice(-RECENT_INBOUND);

/** A customer id the message fixes, so a run that stopped after creating the customer finds the same one again. */
export const customerIdFor = (key: string): string => `c_${createHash('sha256').update(`customer#${key}`).digest('base64url').slice(0, 22)}`;

/**
 * Plans what an inbound message changes, without touching any store: customer and identities,
 * the ticket (new or threaded), the interaction, and the replies to send.
 */
export function planInbound(msg: InboundMessage, ctx: InboundContext, settings: PipelineSettings, now: Date, newId: () => string): InboundCommit {
  const key = messageKey(msg);
  const nowIso = now.toISOString();
  if (ctx.appliedSeq !== undefined) return replanApplied(msg, ctx, ctx.appliedSeq, now, settings);
  const a = ctx.analysis;
  const creating = needsNewTicket(ctx.ticket);
  const who = creating ? resolveCustomer(msg, ctx, newId) : ticketCustomer(msg, ctx.ticket!, ctx);
  const locale = a?.locale ?? (creating ? pickLocale(msg.localeHint, settings.locales, settings.defaultLocale) : ctx.ticket!.locale);
  const planned = creating ? openTicket(msg, ctx, settings, now, who.customerId, locale) : updateTicket(msg, ctx.ticket!, ctx, settings, now);
  const seq = planned.interactionCount;
  const unrouted = { ...planned, ...responseFacts(planned, a, nowIso), recentInbound: remember(creating ? [] : ctx.ticket!.recentInbound, key, seq) };
  const interaction = inboundInteraction(msg, ctx, unrouted, { key, seq, customerId: who.customerId, locale });
  const routed = routeByRules(msg, ctx, { ticket: unrouted, key, interactionKey: interaction.key, opens: creating, changesTicket: true, settings, now });
  // The SLA's clocks after the rules: a rule's team names the calendar, its priority the policy.
  const ticket = settings.sla
    ? withSlaClocks(routed.ticket, creating ? undefined : ctx.ticket, now, { ...settings.sla, teamCalendars: ctx.teamCalendars })
    : routed.ticket;
  const reply = plannedReply(msg, ctx, ticket, {
    key,
    seq,
    now,
    locale,
    opens: creating,
    customerId: who.customerId,
    timeZone: timeZoneOf(settings),
    calendar: settings.calendar,
  });
  const movesThread = creating && !ctx.threadClaimed;

  return {
    messageKey: key,
    processedAt: nowIso,
    ...(who.isNew ? { newCustomer: newCustomer(msg, who.customerId, nowIso) } : {}),
    newIdentities: who.newIdentities,
    ticket,
    ...(creating ? {} : { expectedTicketVersion: ctx.ticket!.version }),
    ...(movesThread ? { threadTicketId: ticket.id } : {}),
    ...(movesThread && ctx.ticket ? { previousThreadTicketId: ctx.ticket.id } : {}),
    interaction,
    outbound: [...(reply ? [reply] : []), ...routed.replies],
    ...suggestionOf(a),
    ...ruleWrites(routed),
  };
}

/**
 * The message is on the ticket already (its run stopped after the commit point, or a concurrent copy
 * got there first): the same interaction and reply keys again, nothing else. The reply is the one the
 * message would have had: an acknowledgement when it opened the ticket.
 */
function replanApplied(msg: InboundMessage, ctx: InboundContext, seq: number, now: Date, settings: PipelineSettings): InboundCommit {
  const key = messageKey(msg);
  const ticket = ctx.ticket!;
  const locale = ctx.analysis?.locale ?? ticket.locale;
  const customerId = ticket.customerId;
  const interaction = inboundInteraction(msg, ctx, ticket, { key, seq, customerId, locale });
  // The same rule items again, from the ticket as stored (it has their changes already).
  const routed = routeByRules(msg, ctx, { ticket, key, interactionKey: interaction.key, opens: seq === 1, changesTicket: false, settings, now });
  const reply = plannedReply(msg, ctx, ticket, {
    key,
    seq,
    now,
    locale,
    opens: seq === 1,
    customerId,
    timeZone: timeZoneOf(settings),
    calendar: settings.calendar,
  });
  return {
    messageKey: key,
    processedAt: now.toISOString(),
    newIdentities: [],
    ticket,
    alreadyApplied: true,
    interaction,
    outbound: [...(reply ? [reply] : []), ...routed.replies],
    ...suggestionOf(ctx.analysis),
    ...ruleWrites(routed),
  };
}

/** The routing rules' part of the plan (core/plan-rules.ts). */
function routeByRules(
  msg: InboundMessage,
  ctx: InboundContext,
  p: { ticket: Ticket; key: string; interactionKey: string; opens: boolean; changesTicket: boolean; settings: PipelineSettings; now: Date },
): RulePlan {
  return planRules(ctx.rules, {
    msg,
    ticket: p.ticket,
    interactionKey: p.interactionKey,
    messageKey: p.key,
    opensTicket: p.opens,
    intent: ctx.analysis?.intent,
    customerTags: ctx.customerTags ?? [],
    calendar: p.settings.calendar,
    dueFor: (priority) => firstResponseDue(p.now, priority, p.settings),
    changesTicket: p.changesTicket,
    shortHash,
  });
}

const ruleWrites = (r: RulePlan) => ({ ...(r.events.length ? { events: r.events } : {}), ...(r.hits.length ? { ruleHits: r.hits } : {}) });

/** Who wrote: the customer an identity already names, or a new one, and the identities to add. */
function resolveCustomer(msg: InboundMessage, ctx: InboundContext, newId: () => string) {
  // A sender we have never seen, whose order names a contact we know, is that contact's customer.
  const orderCustomerId = ctx.orderContacts?.find((c) => c.identity)?.identity?.customerId;
  const email = verifiedEmail(msg);
  // Only a proven address joins its customer: anyone can type anyone's.
  const emailCustomerId = email ? ctx.emailIdentity?.customerId : undefined;
  const knownCustomerId = ctx.identity?.customerId ?? emailCustomerId ?? ctx.phoneIdentity?.customerId ?? orderCustomerId;
  const customerId = knownCustomerId ?? `c_${newId()}`;
  const newIdentities: Identity[] = [];
  if (!ctx.identity) newIdentities.push({ channel: msg.channel, address: msg.from.address, customerId });
  if (email && !ctx.emailIdentity) newIdentities.push({ channel: 'email', address: email, customerId });
  if (msg.from.phone && !ctx.phoneIdentity) newIdentities.push({ channel: 'phone', address: msg.from.phone, customerId });
  // A contact someone else holds stays theirs: joining two known customers is an admin's merge.
  for (const c of ctx.orderContacts ?? []) {
    if (!c.identity) newIdentities.push({ channel: c.channel, address: c.address, customerId });
  }
  return { customerId, isNew: knownCustomerId === undefined, newIdentities };
}

/**
 * On an open ticket the writer is the ticket's customer (the pipeline reads no channel identity then):
 * only a proven address or an order contact seen for the first time is linked to them.
 */
function ticketCustomer(msg: InboundMessage, ticket: Ticket, ctx: InboundContext) {
  const customerId = ticket.customerId;
  const email = verifiedEmail(msg);
  const newIdentities: Identity[] = [];
  if (email && !ctx.emailIdentity) newIdentities.push({ channel: 'email', address: email, customerId });
  for (const c of ctx.orderContacts ?? []) {
    if (!c.identity) newIdentities.push({ channel: c.channel, address: c.address, customerId });
  }
  return { customerId, isNew: false, newIdentities };
}

function newCustomer(msg: InboundMessage, id: string, nowIso: string): Customer {
  const email = verifiedEmail(msg);
  const hint = contactHintOf(msg);
  return {
    id,
    ...(msg.from.name ? { name: msg.from.name } : {}),
    ...(email ? { email } : {}),
    ...(hint ? { contactHints: [hint] } : {}),
    ...(msg.from.phone ? { phone: msg.from.phone } : {}),
    createdAt: nowIso,
  };
}

/** The ticket's status after the bot's decision: answered by the bot (pending or resolved), else open. */
function statusAfter(msg: InboundMessage, a: Analysis | undefined): Ticket['status'] {
  return a?.handling === 'bot' && a.reply && !msg.suppressAutoReply ? (a.reply.resolves ? 'resolved' : 'pending') : 'open';
}

/** When people's first answer is due: the priority's hours of business time from now. */
function firstResponseDue(now: Date, priority: Ticket['priority'], settings: PipelineSettings): string {
  const hours = firstResponseHours(priority, { firstResponseHours: settings.firstResponseHours, byPriority: settings.slaByPriority ?? {} });
  return addBusinessTime(now, hours * 3_600_000, settings.calendar ?? ALWAYS_OPEN).toISOString();
}

function openTicket(msg: InboundMessage, ctx: InboundContext, settings: PipelineSettings, now: Date, customerId: string, locale: string): Ticket {
  if (ctx.newTicketNumber === undefined) throw new Error('planInbound: a new ticket needs a number');
  const a = ctx.analysis;
  const nowIso = now.toISOString();
  const hint = contactHintOf(msg);
  // A public complaint under a post is seen by everyone: it goes to the front of the queue.
  const priority = msg.public ? higherPriority(a?.priority ?? 'normal', 'high') : (a?.priority ?? 'normal');
  return {
    id: String(ctx.newTicketNumber),
    number: ctx.newTicketNumber,
    status: statusAfter(msg, a),
    priority,
    channel: msg.channel,
    customerId,
    conversationKey: msg.conversationKey,
    ...(msg.subject ? { subject: msg.subject } : {}),
    ...listFields(msg),
    locale,
    createdAt: nowIso,
    updatedAt: nowIso,
    lastInboundAt: nowIso,
    firstResponseDueAt: firstResponseDue(now, priority, settings),
    interactionCount: 1,
    version: 1,
    customerAddress: msg.from.address,
    ...(hint ? { contactHints: [hint] } : {}),
    ...(a ? ticketBrainFields(a) : {}),
    ...(msg.public ? { public: true } : {}),
  };
}

/** Preview and customer name cut to a few dozen characters: the ticket item stays under 1 KB. */
const PREVIEW_CHARS = 40;
const NAME_CHARS = 40;
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * What the agents' list shows of a ticket: its subject, or (where the channel has none) the latest
 * customer message's first line; and the name the customer gave first.
 */
function listFields(msg: InboundMessage, current?: Ticket): Pick<Ticket, 'preview' | 'customerName'> {
  const line =
    current?.subject || msg.subject
      ? undefined
      : (msg.newText ?? msg.text)
          .split('\n')
          .find((l) => l.trim())
          ?.trim();
  const name = current?.customerName ?? (msg.from.name?.trim() || undefined);
  return { ...(line ? { preview: cut(line, PREVIEW_CHARS) } : {}), ...(name ? { customerName: cut(name, NAME_CHARS) } : {}) };
}

function updateTicket(msg: InboundMessage, current: Ticket, ctx: InboundContext, settings: PipelineSettings, now: Date): Ticket {
  const a = ctx.analysis;
  const nowIso = now.toISOString();
  const hint = contactHintOf(msg);
  const priority = higherPriority(current.priority, a?.priority ?? 'low');
  const due = firstResponseDue(now, priority, settings);
  // The bot hands the conversation to people: their first answer is due from now (the SLA's clock starts again).
  const handsOff = a?.handling === 'human' && current.handling === 'bot';
  // A customer writing again puts a pending or resolved ticket back in the queue (the bot's or the agents').
  const { botDialog: _done, suggestedAnswer: _old, resolvedAt: _resolved, latestIntent: _latest, ...rest } = current;
  return {
    ...rest,
    // A reply after resolution reopens the ticket: counted for the reopen rate.
    ...(current.status === 'resolved' ? { reopenCount: (current.reopenCount ?? 0) + 1 } : {}),
    status: statusAfter(msg, a),
    priority,
    firstResponseDueAt: handsOff || due < current.firstResponseDueAt ? due : current.firstResponseDueAt,
    ...(handsOff ? { handedOffAt: nowIso, handoffSeq: current.interactionCount + 1 } : {}),
    updatedAt: nowIso,
    lastInboundAt: nowIso,
    interactionCount: current.interactionCount + 1,
    version: current.version + 1,
    ...listFields(msg, current),
    ...(a ? ticketBrainFields(a, current) : {}),
    ...(current.botAnswered ? { botAnswered: true } : {}),
    ...(hint ? { contactHints: withHint(current.contactHints, hint) } : {}),
  };
}

/** The interaction's id on the ticket: the message's time, its sequence number on the ticket (same-second order) and a hash of its key. */
const inboundId = (msg: InboundMessage, key: string, seq: number): string => interactionId(msg.receivedAt, `${sequence(seq)}.${shortHash(key)}`);

function inboundInteraction(
  msg: InboundMessage,
  ctx: InboundContext,
  ticket: Ticket,
  p: { key: string; seq: number; customerId: string; locale: string },
): Interaction {
  const { key, customerId, locale } = p;
  const a = ctx.analysis;
  return {
    ticketId: ticket.id,
    key: inboundId(msg, key, p.seq),
    direction: 'in',
    kind: 'message',
    channel: msg.channel,
    customerId,
    at: msg.receivedAt,
    messageKey: key,
    from: msg.from.address,
    ...(msg.subject ? { subject: msg.subject } : {}),
    text: msg.text,
    ...(msg.html ? { html: msg.html } : {}),
    ...(msg.attachments.length ? { attachments: msg.attachments } : {}),
    locale,
    ...(a ? { classification: classificationOf(a), priority: a.priority } : {}),
    ...(msg.newText !== undefined ? { newText: msg.newText } : {}),
    ...(msg.suppressAutoReply ? { autoReplySuppressed: msg.suppressAutoReply } : {}),
    ...(msg.email ? { email: msg.email } : {}),
    ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
    ...(msg.editOf ? { editOf: msg.editOf } : {}),
  };
}

const timeZoneOf = (settings: PipelineSettings) => settings.timeZone ?? DEFAULT_TIME_ZONE;

/**
 * The system's word that a person will answer, and by when: on a new ticket the bot does not answer
 * (the acknowledgement), and when the bot hands the conversation to people or the customer asks for a
 * person while nobody has answered yet (the handoff). Decided from the ticket as the message left it,
 * so a replay decides the same.
 */
function promiseOf(
  msg: InboundMessage,
  a: Analysis | undefined,
  ticket: Ticket,
  seq: number,
  opens: boolean,
): 'acknowledgement' | 'handoff' | 'still_waiting' | undefined {
  if (msg.noAcknowledgement) return undefined;
  if (opens) return 'acknowledgement';
  if (a?.handling !== 'human' || !awaitsFirstResponse(ticket)) return undefined;
  if (ticket.handoffSeq === seq) return 'handoff';
  return a.asksForPerson ? 'still_waiting' : undefined;
}

/** A message that came while the team is closed: the promise starts with when the team is back. */
function outOfHoursLine(locale: string, now: Date, p: { timeZone: string; calendar?: BusinessCalendar | undefined }): string {
  if (!p.calendar || isOpen(now, p.calendar)) return '';
  const back = nextOpening(now, p.calendar);
  return back ? `${outOfHoursText(locale, dueInWords(locale, { dueAt: back.toISOString(), now, timeZone: p.calendar.timeZone }))} ` : '';
}

/** The bot's answer when it has one; otherwise the promise that a person will answer, and by when. */
function plannedReply(
  msg: InboundMessage,
  ctx: InboundContext,
  ticket: Ticket,
  p: { key: string; seq: number; now: Date; locale: string; opens: boolean; customerId: string; timeZone: string; calendar?: BusinessCalendar | undefined },
): InboundCommit['outbound'][number] | undefined {
  const { key, now, locale, customerId } = p;
  const a = ctx.analysis;
  const nowIso = now.toISOString();
  // Nothing automatic answers a message the channel's loop guard (or configuration) holds back.
  const promise = msg.suppressAutoReply || a?.reply ? undefined : promiseOf(msg, a, ticket, p.seq, p.opens);
  const replyKind = msg.suppressAutoReply ? undefined : a?.reply ? 'bot_answer' : promise ? 'acknowledgement' : undefined;
  if (!replyKind) return undefined;
  const outboundId = shortHash(`${key}#${replyKind}`);
  // Right after the message it answers, under a key the message fixes: a run repeated after a stop writes the same reply, not a second.
  const ackKey = `${inboundId(msg, key, p.seq)}.${replyKind === 'bot_answer' ? 'b' : 'a'}`;
  const vars = {
    ticket: formatTicketNumber(ticket.number),
    due: dueInWords(locale, { dueAt: ticket.firstResponseDueAt, now, timeZone: p.timeZone }),
    ...(msg.from.name ? { name: msg.from.name } : {}),
  };
  // A message with several requests: the bot answered what it may; people take the rest, by when.
  const rest = a?.reply?.restToPeople && !msg.suppressAutoReply ? `\n\n${restToPeopleText(locale, { ...vars, requests: a.reply.restToPeople })}` : '';
  const promised = { acknowledgement: acknowledgementText, handoff: handoffText, still_waiting: stillWaitingText };
  const text = a?.reply ? a.reply.text + rest : outOfHoursLine(locale, now, p) + promised[promise ?? 'acknowledgement'](locale, vars);
  const message: OutboundMessage = {
    outboundId,
    ticketId: ticket.id,
    interactionKey: ackKey,
    kind: replyKind,
    channel: msg.channel,
    to: msg.from.address,
    conversationKey: msg.conversationKey,
    ...(msg.subject ? { subject: msg.subject } : {}),
    text,
    locale,
    createdAt: nowIso,
    ...replyActions(msg, a, locale),
  };
  return { message, interaction: outboundInteraction(message, customerId) };
}

/**
 * Buttons under the bot's reply: a clarifying question's choices on chat and social (an e-mail lists
 * them in its text), and on chat a way to a person under every answer.
 */
function replyActions(msg: InboundMessage, a: Analysis | undefined, locale: string): Pick<OutboundMessage, 'actions'> {
  if (!a?.reply || a.handling !== 'bot') return {};
  const choices = msg.channel === 'email' ? [] : (a.reply.choices ?? []).map((c) => ({ type: 'quick_reply' as const, label: c.label, value: c.value }));
  const actions = [...choices, ...(msg.channel === 'chat' ? chatAnswerActions(a.reply.choices ? 'clarify' : a.intent, locale) : [])];
  return actions.length ? { actions } : {};
}

/**
 * The bot's reading as the ticket and the message keep it. Without the runners-up (the recognizer's
 * other candidates, which nothing reads): ticket and message items stay under 1 KB, one write unit.
 */
export function classificationOf(a: Analysis): NonNullable<Ticket['classification']> {
  return {
    lang: a.lang,
    intent: a.intent,
    confidence: a.confidence,
    engine: a.engine,
    entities: a.entities.map((e) => ({ type: e.type, value: e.value })),
    ...(a.requests ? { requests: a.requests } : {}),
  };
}

/** The metrics' facts a bot answer sets: first response (once), resolution. */
function responseFacts(t: Ticket, a: Analysis | undefined, nowIso: string): Partial<Ticket> {
  if (!a?.reply) return {};
  return {
    ...(t.firstResponseAt ? {} : { firstResponseAt: nowIso, firstResponder: 'bot' as const }),
    ...(t.status === 'resolved' ? { resolvedAt: nowIso, firstResolvedAt: t.firstResolvedAt ?? nowIso } : {}),
  };
}

/** How many reasons a ticket keeps for its priority: the item stays small. */
const MAX_PRIORITY_REASONS = 4;

/**
 * The ticket's reasons for its priority: the earlier ones stay (a legal threat in the first message
 * still explains "urgent" after a "thanks"), the new ones join; "small talk" only while nothing else.
 */
export function mergedReasons(current: readonly string[] | undefined, added: readonly string[]): string[] {
  const all = [...new Set([...(current ?? []), ...added])];
  const meaningful = all.filter((r) => r !== 'small talk');
  return (meaningful.length ? meaningful : all).slice(0, MAX_PRIORITY_REASONS);
}

/**
 * What the bot's decision writes on the ticket. The classification is the opening message's (the
 * metrics and the intent views count by it); each message keeps its own on its interaction, and the
 * ticket names the latest intent only where it differs. The reason a person got the ticket stays the
 * handoff's.
 */
function ticketBrainFields(a: Analysis, current?: Ticket): Partial<Ticket> {
  const opening = current?.classification ?? classificationOf(a);
  const handoverReason = current?.handling === 'human' ? (current.handoverReason ?? a.handoverReason) : a.handoverReason;
  return {
    handling: a.handling,
    classification: opening,
    ...(a.intent !== opening.intent ? { latestIntent: a.intent } : {}),
    priorityReasons: mergedReasons(current?.priorityReasons, a.priorityReasons),
    ...(handoverReason ? { handoverReason } : {}),
    ...(a.orderNumber ? { orderNumber: a.orderNumber } : {}),
    ...(a.reply && a.handling === 'bot' ? { botAnswered: true } : {}),
    ...(a.awaiting ? { botDialog: a.awaiting } : {}),
    ...(a.reaction ? { reaction: a.reaction } : {}),
  };
}
