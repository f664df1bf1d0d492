import * as z from 'zod/mini';
import '#definitions/zod-messages';
import type { Ticket } from './model';
import { SLA_TARGETS } from './sla-policy';

/**
 * A ticket's SLA timer: one per ticket and target (first response, next response, resolution) fires
 * at the target's escalation point, then at its due time (EventBridge Scheduler in AWS, the local
 * stand-in otherwise), and brings this input to the SLA checker, which escalates or records a breach
 * when the target is still owed. The timer is a hint, never the truth: the checker decides from the
 * ticket as it is then, so a stale, repeated or early timer cannot escalate or breach a ticket wrongly.
 */
export const slaTimerInputSchema = z.object({
  ticketId: z.string().check(z.minLength(1)),
  /** The moment the timer was set for (ISO 8601): an escalation point or a due time. */
  dueAt: z.iso.datetime(),
  /** The target; timers set before there were several are the first response's. */
  target: z.optional(z.enum(SLA_TARGETS)),
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

/** What the SLA functions read of a ticket: a lookup of these attributes can call them. */
export const SLA_ATTRIBUTES = [
  'handling',
  'createdAt',
  'handedOffAt',
  'humanResponseAt',
  'firstResponseAt',
  'firstResponder',
  'firstResolvedAt',
  'resolvedAt',
  'slaBreachedAt',
] as const satisfies readonly (keyof Ticket)[];

/** A person's first answer: `humanResponseAt`, or (written before it existed, or people answered first) the first response. */
export const humanResponseOf = (t: Ticket): string | undefined => t.humanResponseAt ?? (t.firstResponder === 'human' ? t.firstResponseAt : undefined);

/**
 * When people answered (or resolved) the ticket since it became theirs: since it was opened, or since
 * the bot handed it over. The bot's own answers before the handoff do not count: the SLA measures people.
 */
export function peopleRespondedAt(t: Ticket): string | undefined {
  const since = Date.parse(t.handedOffAt ?? t.createdAt);
  const human = humanResponseOf(t);
  // Written by earlier versions, or by a resolution without a reply: a resolution answers the ticket too.
  const resolved = [t.firstResolvedAt, t.resolvedAt].filter((at): at is string => at !== undefined);
  return [human, ...resolved]
    .filter((at): at is string => at !== undefined && Date.parse(at) >= since)
    .sort()
    .at(0);
}

/**
 * A ticket waits for people's first response while people have it (the bot is not answering it) and
 * nobody has answered or resolved it since it became theirs, unless it was breached already.
 */
export function awaitsFirstResponse(t: Ticket): boolean {
  return t.handling !== 'bot' && !t.slaBreachedAt && peopleRespondedAt(t) === undefined;
}

export type SlaVerdict =
  | { readonly breach: true; readonly dueAt: string }
  | { readonly breach: false; readonly reason: 'unknown' | 'already_breached' | 'not_due' | 'answered' | 'resolved' };

/**
 * Whether a timer set for `firedFor` breaches the ticket: its current due time has passed by then and
 * people neither answered nor resolved it before that due time. A due time that moved later is not due
 * yet (its own timer comes); one that moved earlier is judged by its own, earlier time. A late answer
 * (after the due time, before the timer ran) is still a breach. A ticket the bot is answering is not
 * waiting for people.
 */
export function slaVerdict(t: Ticket | undefined, firedFor: string): SlaVerdict {
  if (!t) return { breach: false, reason: 'unknown' };
  if (t.slaBreachedAt) return { breach: false, reason: 'already_breached' };
  const due = t.firstResponseDueAt;
  if (Date.parse(due) > Date.parse(firedFor)) return { breach: false, reason: 'not_due' };
  if (t.handling === 'bot') return { breach: false, reason: 'answered' };
  const responded = peopleRespondedAt(t);
  if (responded !== undefined && Date.parse(responded) <= Date.parse(due)) {
    return { breach: false, reason: humanResponseOf(t) === responded ? 'answered' : 'resolved' };
  }
  return { breach: true, dueAt: due };
}
