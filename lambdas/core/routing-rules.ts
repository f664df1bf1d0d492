/**
 * Routing rules (issue 21): conditions on an inbound message and its ticket, and the actions that
 * follow, evaluated in the admins' order as part of the message's plan. The plan fixes every key
 * (events, the canned reply), so a replayed message plans the same writes and stores them once.
 */
import { fold } from '#brain/text';
import { type BusinessCalendar, isOpen } from './business-time';
import type { Channel } from './messages';
import type { Priority } from './model';
import type { TicketActions } from './ticket-actions';

export const ruleTriggers = ['ticket_created', 'message_received'] as const;
/** ticket_created: the message that opens a ticket; message_received: every customer message, the first one too. */
export type RuleTrigger = (typeof ruleTriggers)[number];

/** Every condition given must hold; a list holds when any of its values does. */
export interface RuleConditions {
  readonly channels?: readonly Channel[];
  readonly intents?: readonly string[];
  /** The ticket's locale (tr, en…). */
  readonly locales?: readonly string[];
  readonly priorities?: readonly Priority[];
  /** The customer has any of these tags. */
  readonly customerTags?: readonly string[];
  /** The message contains any of these, both sides Turkish-folded: "KARGOM NEREDE" matches `kargom nerede`, "SIKAYET" matches `şikayet`. */
  readonly textContains?: readonly string[];
  /** By the configured calendar, when the message arrived. */
  readonly businessHours?: 'open' | 'closed';
}

export interface RuleActions extends Pick<TicketActions, 'team' | 'priority'> {
  readonly assignee?: string;
  readonly addTags?: readonly string[];
  /** A canned response per locale (locale → its id), sent on the ticket's channel. */
  readonly cannedReply?: Readonly<Record<string, string>>;
  /** No later rule runs after this one matched. */
  readonly stop?: boolean;
}

export interface RoutingRule {
  /** Short, URL-safe. */
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly when: RuleTrigger;
  readonly conditions: RuleConditions;
  readonly actions: RuleActions;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** A rule as the pipeline runs it: its canned reply's texts read with it (locale → text). */
export interface ActiveRule extends RoutingRule {
  readonly cannedTexts?: Readonly<Record<string, string>>;
}

/** What a rule's conditions look at: the message, the ticket as planned, the customer. */
export interface RuleFacts {
  readonly opensTicket: boolean;
  readonly channel: Channel;
  readonly text: string;
  readonly intent?: string | undefined;
  readonly locale: string;
  readonly priority: Priority;
  readonly customerTags: readonly string[];
  readonly receivedAt: Date;
  readonly calendar?: BusinessCalendar | undefined;
}

/** The rules, in evaluation order, that the pipeline runs; and their hit counters. */
export interface RuleSource {
  activeRules(): Promise<readonly ActiveRule[]>;
  /** Adds one hit to each rule's counter (a new message's matches only). */
  countHits(ruleIds: readonly string[]): Promise<void>;
}

const anyOf = <T>(values: readonly T[] | undefined, actual: T | undefined) => !values?.length || (actual !== undefined && values.includes(actual));

/** Whether every condition of the rule holds for these facts. */
export function ruleMatches(rule: RoutingRule, f: RuleFacts): boolean {
  if (!rule.enabled) return false;
  if (rule.when === 'ticket_created' && !f.opensTicket) return false;
  const c = rule.conditions;
  if (!anyOf(c.channels, f.channel) || !anyOf(c.intents, f.intent) || !anyOf(c.locales, f.locale) || !anyOf(c.priorities, f.priority)) return false;
  if (c.customerTags?.length && !c.customerTags.some((t) => f.customerTags.includes(t))) return false;
  if (c.textContains?.length) {
    const text = fold(f.text);
    if (!c.textContains.some((needle) => text.includes(fold(needle)))) return false;
  }
  if (c.businessHours) {
    const open = f.calendar ? isOpen(f.receivedAt, f.calendar) : true;
    if ((c.businessHours === 'open') !== open) return false;
  }
  return true;
}

/** The rules that run, in order: the matching ones up to and including the first with `stop`. */
export function matchingRules<R extends RoutingRule>(rules: readonly R[], facts: RuleFacts): R[] {
  const hits: R[] = [];
  let current = facts;
  for (const rule of rules) {
    if (!ruleMatches(rule, current)) continue;
    hits.push(rule);
    if (rule.actions.stop) break;
    // A later rule sees what the earlier ones set (a priority raised by one is the next one's condition).
    if (rule.actions.priority) current = { ...current, priority: rule.actions.priority };
  }
  return hits;
}

/** Whether any rule needs the customer's tags (only then does the pipeline read the customer). */
export const rulesNeedCustomer = (rules: readonly RoutingRule[]) => rules.some((r) => r.enabled && r.conditions.customerTags?.length);
