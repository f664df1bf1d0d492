import type { Priority } from './types';
import { anger, legalThreat, shouting, urgency } from './cues';
import { fold } from './text';

export interface PriorityInput {
  readonly text: string;
  readonly intent: string;
  /** Messages from this customer in the last 7 days before this one, on any channel. */
  readonly recentContacts: number;
  readonly customerCategory?: string;
  readonly vipCategories: readonly string[];
}

export interface PriorityAssessment {
  readonly priority: Priority;
  /** Why, in words an agent understands: "legal threat: avukat", "3 contacts in 7 days". */
  readonly reasons: string[];
}

const MONEY_OR_BROKEN = new Set(['payment_issue', 'damaged_item', 'get_refund', 'track_refund']);
const SMALL_TALK = new Set(['greeting', 'thanks', 'out_of_scope', 'review', 'newsletter_subscription']);

/**
 * Priority from what the message says and who sends it: a legal threat is urgent at once; anger,
 * urgency, money or broken goods, repeat contacts and a VIP customer each add a point
 * (1–2 points: high; 3 or more: urgent). Small talk with no signal is low.
 */
export function assessPriority(input: PriorityInput): PriorityAssessment {
  const text = fold(input.text);
  const reasons: string[] = [];
  const legal = legalThreat(text);
  if (legal) return { priority: 'urgent', reasons: [`legal threat: ${legal.trim()}`] };
  let points = 0;
  const angry = anger(text);
  if (angry || shouting(input.text)) {
    points++;
    reasons.push(angry ? `anger: ${angry.trim()}` : 'shouting');
  }
  const hurry = urgency(text);
  if (hurry) {
    points++;
    reasons.push(`urgency: ${hurry.trim()}`);
  }
  if (input.intent === 'complaint') {
    points++;
    reasons.push('complaint');
  }
  if (MONEY_OR_BROKEN.has(input.intent)) {
    points++;
    reasons.push(`money or goods at stake: ${input.intent}`);
  }
  if (input.recentContacts >= 2) {
    points += input.recentContacts >= 4 ? 2 : 1;
    reasons.push(`${input.recentContacts} earlier contacts in 7 days`);
  }
  if (input.customerCategory && input.vipCategories.includes(input.customerCategory)) {
    points++;
    reasons.push(`customer category ${input.customerCategory}`);
  }
  if (points >= 3) return { priority: 'urgent', reasons };
  if (points >= 1) return { priority: 'high', reasons };
  if (SMALL_TALK.has(input.intent)) return { priority: 'low', reasons: ['small talk'] };
  return { priority: 'normal', reasons };
}

const RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** A ticket never loses priority because a calmer message follows an angry one. */
export const higherPriority = (a: Priority, b: Priority): Priority => (RANK[a] >= RANK[b] ? a : b);

export function firstResponseHours(priority: Priority, sla: { firstResponseHours: number; byPriority: Partial<Record<Priority, number>> }): number {
  return sla.byPriority[priority] ?? sla.firstResponseHours;
}
