import type { Ticket } from './model';
import { awaitsFirstResponse, slaVerdict, type SlaTimerInput } from './sla';
import { DEFAULT_POLICY_NAME, lastPeopleReplyAt, type SlaTarget, slaStateOf } from './sla-policy';

/** What one timer firing does to a ticket, decided from the ticket as it is (never from the timer alone). */
export type SlaDecision =
  | { readonly action: 'breach'; readonly target: SlaTarget; readonly policy: string; readonly dueAt: string; readonly next?: undefined }
  | { readonly action: 'escalate'; readonly target: SlaTarget; readonly policy: string; readonly dueAt: string; readonly next: string }
  | { readonly action: 'none'; readonly target: SlaTarget; readonly reason: SlaIdleReason; readonly next?: string };

export type SlaIdleReason = 'unknown' | 'no_clock' | 'already_breached' | 'already_escalated' | 'not_due' | 'answered' | 'resolved';

interface Clock {
  readonly startedAt?: string;
  readonly dueAt: string;
  readonly escalateAt?: string;
}

/** The target's clock on the ticket; the first response's due time is firstResponseDueAt (its escalation point only while the clock matches it). */
function clockOf(t: Ticket, target: SlaTarget): Clock | undefined {
  const c = slaStateOf(t)?.clocks[target];
  if (target !== 'first_response') return c;
  return c && c.dueAt === t.firstResponseDueAt ? c : { dueAt: t.firstResponseDueAt };
}

const ms = (iso: string) => Date.parse(iso);
const within = (at: string | undefined, c: Clock) => at !== undefined && (!c.startedAt || ms(at) >= ms(c.startedAt)) && ms(at) <= ms(c.dueAt);

/** Whether people met the target by its due time (judged once it is due) or still owe it (judged now, before). */
function met(t: Ticket, target: SlaTarget, c: Clock): 'answered' | 'resolved' | undefined {
  if (t.handling === 'bot') return 'answered';
  if (target === 'next_response') return within(lastPeopleReplyAt(t), c) ? 'answered' : within(t.resolvedAt, c) ? 'resolved' : undefined;
  if (target === 'resolution') return within(t.resolvedAt, c) || (t.status === 'closed' && !t.resolvedAt) ? 'resolved' : undefined;
  return undefined;
}

/** Whether the target is still owed now (before its due time): an escalation is only worth sending then. */
function owedNow(t: Ticket, target: SlaTarget, c: Clock): boolean {
  if (target === 'first_response') return awaitsFirstResponse(t);
  if (t.handling === 'bot' || t.status === 'resolved' || t.status === 'closed') return false;
  if (target === 'resolution') return true;
  const replied = lastPeopleReplyAt(t);
  return !c.startedAt || replied === undefined || ms(replied) < ms(c.startedAt);
}

const breachedAlready = (t: Ticket, target: SlaTarget, c: Clock) =>
  target === 'first_response' ? Boolean(t.slaBreachedAt) : slaStateOf(t)?.breached?.[target] === c.dueAt;

/**
 * A timer set for `input.dueAt` fired. Breach when the target's due time has come by then and people
 * did not meet it in time (a late answer is still a breach); escalate when its escalation point has
 * come, it is still owed and this clock was not escalated yet. `next` is when the target's timer must
 * fire again (its due time after an escalation, or the next point of a clock that moved later).
 */
export function slaDecision(t: Ticket | undefined, input: SlaTimerInput): SlaDecision {
  const target = input.target ?? 'first_response';
  if (!t) return { action: 'none', target, reason: 'unknown' };
  const c = clockOf(t, target);
  if (!c) return { action: 'none', target, reason: 'no_clock' };
  const policy = t.sla?.policy ?? DEFAULT_POLICY_NAME;
  const escalated = slaStateOf(t)?.escalated?.[target];
  const fired = ms(input.dueAt);
  if (breachedAlready(t, target, c)) return { action: 'none', target, reason: 'already_breached' };
  if (ms(c.dueAt) <= fired) {
    if (target === 'first_response') {
      const v = slaVerdict(t, input.dueAt);
      return v.breach ? { action: 'breach', target, policy, dueAt: v.dueAt } : { action: 'none', target, reason: v.reason };
    }
    const done = met(t, target, c);
    return done ? { action: 'none', target, reason: done } : { action: 'breach', target, policy, dueAt: c.dueAt };
  }
  // Not due yet: the due time is the next moment while the target is owed.
  if (!owedNow(t, target, c)) return { action: 'none', target, reason: t.status === 'resolved' || t.status === 'closed' ? 'resolved' : 'answered' };
  if (c.escalateAt && ms(c.escalateAt) <= fired) {
    if (escalated === c.dueAt) return { action: 'none', target, reason: 'already_escalated', next: c.dueAt };
    return { action: 'escalate', target, policy, dueAt: c.dueAt, next: c.dueAt };
  }
  return { action: 'none', target, reason: 'not_due', next: c.escalateAt && escalated !== c.dueAt ? c.escalateAt : c.dueAt };
}

/**
 * When a target's timer should next fire on the ticket as it is: its escalation point while that is
 * unsent (a point already past fires at once), else its due time; undefined when the target is not owed.
 */
export function nextTimerAt(t: Ticket, target: SlaTarget): string | undefined {
  const c = clockOf(t, target);
  if (!c || breachedAlready(t, target, c) || !owedNow(t, target, c)) return undefined;
  return c.escalateAt && slaStateOf(t)?.escalated?.[target] !== c.dueAt ? c.escalateAt : c.dueAt;
}

/** The target's due time while people still owe it (breached or not): what an agent's countdown counts to. */
export function owedDueAt(t: Ticket, target: SlaTarget): string | undefined {
  const c = clockOf(t, target);
  return c && owedNow(t, target, c) ? c.dueAt : undefined;
}
