/**
 * The routing rules' part of an inbound message's plan: which rules match, what they change on the
 * ticket, the events that say so and the canned replies. Every key comes from the message's own
 * interaction key, so a replayed message plans the same items and the store writes each once.
 */
import type { BusinessCalendar } from './business-time';
import type { InboundMessage, OutboundMessage } from './messages';
import { outboundInteraction, type Interaction, type Priority, type Ticket } from './model';
import { type ActiveRule, matchingRules } from './routing-rules';
import { applyTicketActions, describeChanges } from './ticket-actions';
import { renderVariables, textForLocale, ticketVariables } from './ticket-variables';

export interface RulePlan {
  readonly ticket: Ticket;
  /** One timeline event per matching rule that changed the ticket. */
  readonly events: readonly Interaction[];
  readonly replies: readonly { interaction: Interaction; message: OutboundMessage }[];
  /** The matching rules' ids: their hit counters. */
  readonly hits: readonly string[];
}

export interface RulePlanInput {
  readonly msg: InboundMessage;
  /** The ticket as the message leaves it before the rules. */
  readonly ticket: Ticket;
  /** The message's interaction key on the ticket: the rules' items are keyed after it. */
  readonly interactionKey: string;
  readonly messageKey: string;
  readonly opensTicket: boolean;
  readonly intent?: string | undefined;
  readonly customerTags: readonly string[];
  readonly calendar?: BusinessCalendar | undefined;
  /** When people's first answer is due at a priority (a rule that raises priority brings it closer). */
  readonly dueFor: (priority: Priority) => string;
  /** Whether the ticket's fields may change (false: the ticket already holds the message; only its items are written again). */
  readonly changesTicket: boolean;
  readonly shortHash: (s: string) => string;
}

export function planRules(rules: readonly ActiveRule[] | undefined, p: RulePlanInput): RulePlan {
  const { msg, interactionKey } = p;
  if (!rules?.length) return { ticket: p.ticket, events: [], replies: [], hits: [] };
  const hits = matchingRules(rules, {
    opensTicket: p.opensTicket,
    channel: msg.channel,
    text: msg.newText ?? msg.text,
    intent: p.intent,
    locale: p.ticket.locale,
    priority: p.ticket.priority,
    customerTags: p.customerTags,
    receivedAt: new Date(msg.receivedAt),
    calendar: p.calendar,
  });
  let ticket = p.ticket;
  const events: Interaction[] = [];
  const replies: RulePlan['replies'][number][] = [];
  hits.forEach((rule, i) => {
    // Replanned, the stored ticket has the rules' changes already: the event says what the rule sets.
    const before = p.changesTicket ? ticket : withoutRuleFields(ticket);
    const { ticket: next, changes } = applyTicketActions(before, rule.actions, { nowIso: msg.receivedAt, by: 'system' });
    if (changes.length) {
      events.push({
        ticketId: ticket.id,
        key: `${interactionKey}.r${i}`,
        direction: 'internal',
        kind: 'event',
        channel: ticket.channel,
        customerId: ticket.customerId,
        at: msg.receivedAt,
        author: 'system',
        text: `rule "${rule.name}" set ${describeChanges(changes)}`,
        event: { type: 'rule', to: { rule: rule.id, name: rule.name, changes } },
      });
      if (p.changesTicket) ticket = next;
    }
    const canned = rule.cannedTexts ? textForLocale(rule.cannedTexts, ticket.locale) : undefined;
    // Nothing automatic answers a message the channel's loop guard holds back.
    if (canned && !msg.suppressAutoReply) replies.push(cannedReply(msg, ticket, { ...p, text: canned, ruleId: rule.id, index: i }));
  });
  if (p.changesTicket && ticket.priority !== p.ticket.priority) {
    const due = p.dueFor(ticket.priority);
    ticket = { ...ticket, firstResponseDueAt: p.opensTicket || due < ticket.firstResponseDueAt ? due : ticket.firstResponseDueAt };
  }
  return { ticket, events, replies, hits: hits.map((r) => r.id) };
}

function cannedReply(msg: InboundMessage, t: Ticket, p: RulePlanInput & { text: string; ruleId: string; index: number }) {
  const message: OutboundMessage = {
    outboundId: p.shortHash(`${p.messageKey}#rule#${p.ruleId}`),
    ticketId: t.id,
    interactionKey: `${p.interactionKey}.c${p.index}`,
    // An automatic message (e-mail marks it Auto-Submitted), as the acknowledgement is.
    kind: 'acknowledgement',
    channel: msg.channel,
    to: msg.from.address,
    conversationKey: msg.conversationKey,
    ...(msg.subject ? { subject: msg.subject } : {}),
    text: renderVariables(p.text, ticketVariables(t)),
    locale: t.locale,
    createdAt: msg.receivedAt,
  };
  return { message, interaction: outboundInteraction(message, t.customerId, 'system') };
}

/** The ticket without what rules set (but priority, which it always has): the baseline of a replanned message's events. */
function withoutRuleFields(t: Ticket): Ticket {
  const { team: _team, assignee: _assignee, tags: _tags, ...rest } = t;
  return rest;
}
