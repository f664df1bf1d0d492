import * as z from 'zod/mini';
import '#definitions/zod-messages';
import type { Ticket } from './model';

/**
 * The first-response timer. One timer per ticket fires at its due time (EventBridge Scheduler in AWS,
 * the local stand-in otherwise) and brings this input to the SLA checker, which records a breach when
 * the ticket is still unanswered. The timer is a hint, never the truth: the checker decides from the
 * ticket as it is then, so a stale, repeated or early timer cannot breach a ticket wrongly.
 */
export const slaTimerInputSchema = z.object({
  ticketId: z.string().check(z.minLength(1)),
  /** The first-response due time the timer was set for (ISO 8601). */
  dueAt: z.iso.datetime(),
});
export type SlaTimerInput = z.infer<typeof slaTimerInputSchema>;

/** What sets and moves ticket timers (adapters/sla-scheduler.ts). */
export interface SlaTimer {
  /**
   * Makes sure the ticket has a timer at `dueAt` or earlier: creates it, moves it earlier, or leaves
   * an earlier one alone. Safe to repeat.
   */
  ensure(input: SlaTimerInput): Promise<'created' | 'moved' | 'kept'>;
}

/** A ticket waits for its first response until someone answers or it is resolved or breached. */
export function awaitsFirstResponse(t: Ticket): boolean {
  return !t.firstResponseAt && !t.slaBreachedAt && !t.firstResolvedAt;
}

export type SlaVerdict =
  | { readonly breach: true; readonly dueAt: string }
  | { readonly breach: false; readonly reason: 'unknown' | 'already_breached' | 'not_due' | 'answered' | 'resolved' };

/**
 * Whether a timer set for `firedFor` breaches the ticket: its current due time has passed by then and
 * neither an answer nor a resolution came before that due time. A due time that moved later is not
 * due yet (its own timer comes); one that moved earlier is judged by its own, earlier time. A late
 * answer (after the due time, before the timer ran) is still a breach.
 */
export function slaVerdict(t: Ticket | undefined, firedFor: string): SlaVerdict {
  if (!t) return { breach: false, reason: 'unknown' };
  if (t.slaBreachedAt) return { breach: false, reason: 'already_breached' };
  const due = t.firstResponseDueAt;
  if (Date.parse(due) > Date.parse(firedFor)) return { breach: false, reason: 'not_due' };
  const inTime = (at: string | undefined) => at !== undefined && Date.parse(at) <= Date.parse(due);
  if (inTime(t.firstResponseAt)) return { breach: false, reason: 'answered' };
  if (inTime(t.firstResolvedAt)) return { breach: false, reason: 'resolved' };
  return { breach: true, dueAt: due };
}
