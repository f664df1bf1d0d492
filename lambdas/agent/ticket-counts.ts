import type { Channel } from '#core/messages';
import type { Priority } from '#core/model';

/** What the work-queue index says of an open ticket: enough to place it in every inbox view. */
export interface OpenTicketEntry {
  readonly id: string;
  readonly priority: Priority;
  readonly firstResponseDueAt: string;
  readonly channel: Channel;
  readonly assignee?: string;
  readonly intent?: string;
  readonly breached: boolean;
}

/** A count read up to a cap: `capped` when there are at least `count`. */
export interface CappedCount {
  readonly count: number;
  readonly capped: boolean;
}

const HOUR_MS = 3_600_000;

/**
 * How long after its due time an unanswered ticket may still lack its breach: the SLA timer fires at
 * the due time and records it within seconds; this leaves room for retries. A ticket due earlier than
 * this without a breach was answered in time, so only tickets due since then need their first response
 * looked up (a few), not every open ticket.
 */
export const SLA_TIMER_GRACE_MS = 15 * 60_000;

/**
 * The tickets that may be due within the hour: not breached, due at most an hour from now and not
 * long past due (those were answered). Whether they were answered is not in the index: the caller
 * looks it up for these few.
 */
export function dueSoonCandidates(entries: readonly OpenTicketEntry[], now: Date): OpenTicketEntry[] {
  const until = now.getTime() + HOUR_MS;
  const since = now.getTime() - SLA_TIMER_GRACE_MS;
  return entries.filter((e) => {
    if (e.breached) return false;
    const due = Date.parse(e.firstResponseDueAt);
    return due <= until && due > since;
  });
}

/**
 * The inbox views' counts of open tickets, from their index entries. `answered`: the due-soon
 * candidates that already have a first response. The views match GET /tickets with the same
 * filters (console/src/views.ts): mine = assignee is the caller, urgent = priority urgent, breached =
 * an SLA breach recorded, due soon = not answered, not breached, due within the hour.
 */
export function countOpenTickets(entries: readonly OpenTicketEntry[], me: string, now: Date, answered: ReadonlySet<string>) {
  const byChannel: Record<string, number> = {};
  const byIntent: Record<string, number> = {};
  let mine = 0;
  let unassigned = 0;
  let urgent = 0;
  let breached = 0;
  for (const e of entries) {
    if (e.assignee === me) mine++;
    if (!e.assignee) unassigned++;
    if (e.priority === 'urgent') urgent++;
    if (e.breached) breached++;
    byChannel[e.channel] = (byChannel[e.channel] ?? 0) + 1;
    if (e.intent) byIntent[e.intent] = (byIntent[e.intent] ?? 0) + 1;
  }
  const dueSoon = dueSoonCandidates(entries, now).filter((e) => !answered.has(e.id)).length;
  return { total: entries.length, mine, unassigned, urgent, dueSoon, breached, byChannel, byIntent };
}
