import { analyseMessage, type Analysis, type BrainDeps } from './analyse';
import { assignInTeam, type AssignmentDeps } from './assignment';
import { ConflictError } from './errors';
import type { InboundMessage, OutboundMessage } from './messages';
import { messageKey } from './messages';
import { appliedSequence, customerIdFor, needsNewTicket, planInbound, verifiedEmail, type PipelineSettings } from './plan-inbound';
import type { InboundStore, OutboundQueue, ProcessedMessage, ReadFreshness, ReplyRef } from './ports';
import { replyOf, type Identity, type Interaction, type Ticket } from './model';
import { contactsToLink, type OrderContactIdentity } from './order-links';
import type { SlaTimer } from './sla';
import { countRuleHits, readRuleContext } from './pipeline-rules';
import type { RuleSource } from './routing-rules';
import { timersToSet } from './sla-clocks';
import type { TeamDirectory } from './teams';

export interface PipelineDeps {
  readonly store: InboundStore;
  readonly outbound: OutboundQueue;
  readonly settings: PipelineSettings;
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** The bot. Without it every message goes to the agents with an acknowledgement. */
  readonly brain?: BrainDeps;
  /** Each ticket's SLA timers (one per owed target). Without it nothing is escalated or breached. */
  readonly slaTimer?: SlaTimer;
  /** Teams and agents: a ticket with a team (or the default team) and nobody on it is assigned. Without it nobody is. */
  readonly assignment?: AssignmentDeps;
  /** The routing rules (core/routing-rules.ts). Without it no rule runs. */
  readonly rules?: RuleSource;
  /** Teams, for the calendar each one counts its SLA in (read once a minute at most). */
  readonly teams?: Pick<TeamDirectory, 'teams'>;
}

export interface InboundResult {
  readonly status: 'stored' | 'duplicate';
  readonly ticketId: string;
  readonly createdTicket: boolean;
  /** Outbound messages handed to the queue by this call. */
  readonly enqueued: number;
  readonly analysis?: Analysis;
}

/**
 * Concurrent writers to the same customer or ticket: re-read and re-plan this many times. Ten copies of
 * one message racing need a few rounds: each round one of them gets further (identity, thread, ticket).
 */
const MAX_ATTEMPTS = 8;

/**
 * Takes one inbound message from the queue to the store: resolve the customer, thread onto the
 * conversation's ticket or open one, store the interaction and the replies to send; then enqueue the
 * replies. No transaction: each write is conditional, or (after the commit) the same whoever writes
 * it, and the ticket's write is the commit point (its recentInbound names the message). Safe to run any
 * number of times, concurrently too: a run that finds the message's record complete, or the ticket
 * holding the message, only completes what
 * is missing and re-enqueues replies still pending (the outbound FIFO queue deduplicates them, and the
 * sender's lease sends each once).
 */
export async function processInbound(deps: PipelineDeps, msg: InboundMessage): Promise<InboundResult> {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const key = messageKey(msg);
  // The customer id is fixed by the message, so a run that stopped after creating the customer reuses it.
  const newId = deps.newId ?? (() => customerIdFor(key).slice(2));

  // A stale miss of the message's record is caught on the ticket (recentInbound), so the cheaper read will do.
  const [processed, firstContext] = await Promise.all([store.getProcessedMessage(key, 'recent'), readContext(store, msg, 'recent')]);
  const replayed = processed ? await replay(deps, processed) : undefined;
  if (replayed) return replayed;

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    // The first attempt reads 'recent' (half the units); a stale read fails a write's condition,
    // and every later attempt reads 'latest'.
    // A record left incomplete is completed from the ticket as it is now.
    const context = attempt === 1 && !processed ? firstContext : await readContext(store, msg, 'latest');
    const { identity, emailIdentity, phoneIdentity, ticket, claimedTicketId } = context;
    const appliedSeq = appliedSequence(ticket, key);
    // The message's record names writes that are missing, and the ticket no longer lists the message:
    // planning it again would store it twice. What is there stays (see replay).
    if (processed && appliedSeq === undefined) return { status: 'duplicate', ticketId: processed.ticketId, createdTicket: false, enqueued: 0 };
    const creating = appliedSeq === undefined && needsNewTicket(ticket);
    const customerId = !needsNewTicket(ticket) ? ticket!.customerId : (identity?.customerId ?? emailIdentity?.customerId ?? phoneIdentity?.customerId);
    const analysis = deps.brain ? await analyse(deps, msg, customerId, creating ? undefined : ticket) : undefined;
    const orderContacts = appliedSeq === undefined ? await readOrderContacts(store, msg, analysis) : [];
    const ruleContext = await readRuleContext(deps.rules, store, customerId);
    const newTicketNumber = creating ? (claimedTicketId !== undefined ? Number(claimedTicketId) : await store.allocateTicketNumber()) : undefined;
    const commit = planInbound(
      msg,
      {
        ...(identity ? { identity } : {}),
        ...(emailIdentity ? { emailIdentity } : {}),
        ...(ticket ? { ticket } : {}),
        ...(newTicketNumber !== undefined ? { newTicketNumber } : {}),
        ...(claimedTicketId !== undefined && creating ? { threadClaimed: true } : {}),
        ...(analysis ? { analysis } : {}),
        ...(phoneIdentity ? { phoneIdentity } : {}),
        ...(orderContacts.length ? { orderContacts } : {}),
        ...(appliedSeq !== undefined ? { appliedSeq } : {}),
        ...ruleContext,
        ...(deps.teams && deps.settings.sla ? { teamCalendars: await teamCalendars(deps.teams, now()) } : {}),
      },
      deps.settings,
      now(),
      newId,
    );
    if ((await store.applyInbound(commit)) === 'conflict') continue;
    const pending = await store.recordInbound(commit);
    await deps.outbound.sendAll(pending);
    await countRuleHits(deps.rules, commit);
    // After the replies, so a Scheduler outage does not hold answers back; if this fails the
    // message is retried, and the replay sets the timer.
    await ensureTimers(deps, commit.ticket, commit.expectedTicketVersion === undefined ? undefined : ticket, Boolean(commit.alreadyApplied));
    // After the plan is stored (a rule may have set the team); a replay finds the ticket assigned, or resumes the claim.
    if (deps.assignment) await assignInTeam(deps.assignment, commit.ticket);
    if (commit.alreadyApplied) return { status: 'duplicate', ticketId: commit.ticket.id, createdTicket: false, enqueued: pending.length };
    return {
      status: 'stored',
      ticketId: commit.ticket.id,
      createdTicket: commit.expectedTicketVersion === undefined,
      enqueued: pending.length,
      ...(analysis ? { analysis } : {}),
    };
  }
  throw new ConflictError(`message ${key}: still conflicting after ${MAX_ATTEMPTS} attempts`);
}

/**
 * The message was processed: complete what its run may not have (timers, assignment, enqueueing).
 * Undefined when the record names an interaction that is not there: the record is written beside the
 * message and its replies, so a run that stopped among those writes leaves it behind; the caller
 * plans the message again, and the ticket (which lists it) makes that a completion, not a new message.
 */
async function replay(deps: PipelineDeps, processed: ProcessedMessage): Promise<InboundResult | undefined> {
  const { store } = deps;
  const refs = processed.replies ?? [];
  const [ticket, inbound, replies] = await Promise.all([
    store.getTicket(processed.ticketId),
    processed.interactionKey ? store.getInteraction(processed.ticketId, processed.interactionKey) : true,
    Promise.all(refs.map((r) => store.getInteraction(r.ticketId, r.interactionKey))),
  ]);
  if (!inbound || replies.some((r) => !r)) return undefined;
  // The first run may have stored the message and died before setting the timer.
  if (ticket) await ensureTimers(deps, ticket, undefined, true);
  // The first run may have died before assigning it.
  if (ticket && deps.assignment) await assignInTeam(deps.assignment, ticket);
  // Only a reply that never went out is handed over again: the first run may have died before
  // enqueueing it. The queue's deduplication id (the outbound id) absorbs a second copy.
  const pending = processed.outbound ? await pendingOfEarlierRecord(store, processed.outbound) : pendingReplies(refs, replies, ticket);
  await deps.outbound.sendAll(pending);
  return { status: 'duplicate', ticketId: processed.ticketId, createdTicket: false, enqueued: pending.length };
}

/** A record written by an earlier version holds the whole replies. */
async function pendingOfEarlierRecord(store: InboundStore, outbound: readonly OutboundMessage[]): Promise<OutboundMessage[]> {
  const deliveries = await Promise.all(outbound.map((m) => store.getDelivery(m.ticketId, m.interactionKey)));
  return outbound.filter((_, i) => deliveries[i]?.status === 'pending');
}

/** The replies of a processed message still waiting to be sent, as the queue takes them. */
function pendingReplies(refs: readonly ReplyRef[], replies: readonly (Interaction | undefined)[], ticket: Ticket | undefined): OutboundMessage[] {
  return refs.flatMap((r, i) => {
    const reply = replies[i];
    return reply?.delivery?.status === 'pending' && ticket ? [replyOf(reply, r.outboundId, ticket.conversationKey)] : [];
  });
}

interface ReadContext {
  readonly identity: Identity | undefined;
  readonly emailIdentity: Identity | undefined;
  readonly phoneIdentity: Identity | undefined;
  readonly ticket: Ticket | undefined;
  /** The thread names a ticket that does not exist yet: a run claimed its number and stopped. */
  readonly claimedTicketId: string | undefined;
}

/**
 * The conversation's ticket, then the sender's identities where they decide something: on an open
 * ticket the customer is the ticket's, so only a proven e-mail address is looked up (to link it).
 * A stale 'recent' read costs at most a ticket number (a gap), an unnamed customer profile and a
 * second attempt: the writes that decide (identity, thread, ticket) are conditional on what was read.
 */
async function readContext(store: InboundStore, msg: InboundMessage, freshness: ReadFreshness): Promise<ReadContext> {
  // The channel's hint saves the read on a first attempt; a retry (after a condition failed) reads.
  const hinted = freshness === 'recent' ? msg.threadTicketId : undefined;
  const threadTicketId = hinted ?? (await store.getThreadTicketId(msg.channel, msg.conversationKey, freshness));
  const ticket = threadTicketId ? await store.getTicket(threadTicketId, freshness) : undefined;
  const email = verifiedEmail(msg);
  const opensTicket = needsNewTicket(ticket);
  // After the ticket, not beside the thread: a follow-up (most messages) reads no identity, and a read
  // round costs no request of its own (it joins the other messages' BatchGetItem).
  const [identity, emailIdentity, phoneIdentity] = await Promise.all([
    opensTicket ? store.getIdentity(msg.channel, msg.from.address, freshness) : undefined,
    // Only a proven address links; a typed one is a contact hint (see planInbound).
    email ? store.getIdentity('email', email, freshness) : undefined,
    opensTicket && msg.from.phone ? store.getIdentity('phone', msg.from.phone, freshness) : undefined,
  ]);
  return { identity, emailIdentity, phoneIdentity, ticket, claimedTicketId: threadTicketId && !ticket ? threadTicketId : undefined };
}

/** Who already holds the contacts of the customer's verified order (a read only when the bot found one). */
function readOrderContacts(store: InboundStore, msg: InboundMessage, analysis: Analysis | undefined): Promise<OrderContactIdentity[]> {
  const contacts = contactsToLink(msg, analysis?.order?.contacts ?? []);
  return Promise.all(
    contacts.map(async (c) => {
      const identity = await store.getIdentity(c.channel, c.address);
      return identity ? { ...c, identity } : c;
    }),
  );
}

/** The timers of each target the ticket owes whose next moment changed (every owed one on a replay). */
async function ensureTimers(deps: PipelineDeps, ticket: Ticket, previous: Ticket | undefined, all: boolean): Promise<void> {
  if (!deps.slaTimer) return;
  for (const { target, at } of timersToSet(ticket, previous, all)) {
    await deps.slaTimer.ensure({ ticketId: ticket.id, dueAt: at, ...(target === 'first_response' ? {} : { target }) });
  }
}

const TEAMS_TTL_MS = 60_000;
const teamsCache = new WeakMap<object, { at: number; calendars: Readonly<Record<string, string>> }>();

/** Team id → calendar name, read at most once a minute per container (a shop has a handful of teams). */
async function teamCalendars(teams: Pick<TeamDirectory, 'teams'>, now: Date): Promise<Readonly<Record<string, string>>> {
  const cached = teamsCache.get(teams);
  if (cached && now.getTime() - cached.at < TEAMS_TTL_MS) return cached.calendars;
  const calendars = Object.fromEntries((await teams.teams()).flatMap((t) => (t.calendar ? [[t.id, t.calendar]] : [])));
  teamsCache.set(teams, { at: now.getTime(), calendars });
  return calendars;
}

const WEEK_MS = 7 * 24 * 3_600_000;

/** Reads what the bot needs to know about the customer, then lets it decide. */
async function analyse(deps: PipelineDeps, msg: InboundMessage, customerId: string | undefined, ticket: Ticket | undefined) {
  const now = (deps.now ?? (() => new Date()))();
  const [customer, recentContacts] = customerId
    ? await Promise.all([deps.store.getCustomer(customerId, 'recent'), deps.store.countRecentContacts(customerId, new Date(now.getTime() - WEEK_MS))])
    : [undefined, 0];
  // Only addresses that prove who is writing: the e-mail sender, or one the shop signed for (chat).
  // A typed address, or the customer record it linked to, must not unlock someone's order details.
  // The customer record's phone counts because the customer was found only through proven identities.
  const emails = [verifiedEmail(msg), msg.channel === 'email' ? msg.from.address : undefined].filter((e): e is string => Boolean(e));
  // A WhatsApp address is the sender's number; a Telegram chat id only looks like one.
  const phones = [msg.channel === 'whatsapp' ? msg.from.address : undefined, msg.from.phone, customer?.phone].filter((p): p is string => Boolean(p));
  return analyseMessage(deps.brain!, msg, {
    ...(ticket ? { ticket } : {}),
    customerEmails: emails,
    customerPhones: phones,
    recentContacts,
    ...(customer?.category ? { customerCategory: customer.category } : {}),
  });
}
