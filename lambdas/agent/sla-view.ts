import type { Ticket } from '#core/model';
import { owedDueAt } from '#core/sla-decision';
import { SLA_TARGETS, type SlaTarget, slaStateOf } from '#core/sla-policy';

/**
 * A ticket's SLA as the API shows it: the policy, the calendar its clocks count in, and each target's
 * due time while owed, all computed by the pipeline with core/business-time, the same computation that
 * made the customer's promise; the console counts business time down to them in the same calendar.
 */
export function slaView(t: Ticket) {
  const s = slaStateOf(t);
  if (!s) return null;
  const marked = (m: Partial<Record<SlaTarget, string>> | undefined) => SLA_TARGETS.filter((x) => m?.[x] !== undefined && m[x] === s.clocks[x]?.dueAt);
  return {
    policy: s.policy,
    calendar: s.calendar ?? null,
    due: Object.fromEntries(SLA_TARGETS.map((x) => [x, owedDueAt(t, x) ?? null])) as Record<SlaTarget, string | null>,
    escalated: marked(s.escalated),
    breached: SLA_TARGETS.filter((x) => marked(s.breached).includes(x) || (x === 'first_response' && t.slaBreachedAt !== undefined)),
  };
}
