/**
 * What routing rules and macros do to a ticket, in one place: both set team, assignee, tags and
 * priority; macros also set status. Pure: the caller writes the ticket and records the changes.
 */
import type { Priority, Ticket, TicketStatus } from './model';

export interface TicketActions {
  readonly team?: string;
  /** null unassigns (macros); a rule only assigns. */
  readonly assignee?: string | null;
  readonly addTags?: readonly string[];
  readonly removeTags?: readonly string[];
  readonly priority?: Priority;
  readonly status?: TicketStatus;
}

/** One field a set of actions changed, as the timeline shows it. */
export interface TicketActionChange {
  readonly field: 'team' | 'assignee' | 'tags' | 'priority' | 'status';
  readonly from: string | null;
  readonly to: string | null;
}

/** A ticket holds at most this many tags (the PATCH route's bound). */
export const MAX_TICKET_TAGS = 20;

const sortedTags = (tags: readonly string[] | undefined) => [...(tags ?? [])].sort();

/**
 * The ticket with the actions applied and the fields that really changed (an action that sets what
 * is already there changes nothing). Status changes keep the resolution facts the metrics read.
 */
export function applyTicketActions(t: Ticket, actions: TicketActions, p: { nowIso: string; by: string }): { ticket: Ticket; changes: TicketActionChange[] } {
  const changes: TicketActionChange[] = [];
  let next: { -readonly [K in keyof Ticket]?: Ticket[K] } = { ...t };
  if (actions.team !== undefined && actions.team !== t.team) {
    changes.push({ field: 'team', from: t.team ?? null, to: actions.team });
    next.team = actions.team;
  }
  if (actions.assignee !== undefined && (actions.assignee ?? undefined) !== t.assignee) {
    changes.push({ field: 'assignee', from: t.assignee ?? null, to: actions.assignee });
    if (actions.assignee) next.assignee = actions.assignee;
    else delete next.assignee;
  }
  if (actions.addTags?.length || actions.removeTags?.length) {
    const tags = new Set(t.tags ?? []);
    for (const tag of actions.addTags ?? []) tags.add(tag);
    for (const tag of actions.removeTags ?? []) tags.delete(tag);
    const after = [...tags].sort().slice(0, MAX_TICKET_TAGS);
    const before = sortedTags(t.tags);
    if (after.join(',') !== before.join(',')) {
      changes.push({ field: 'tags', from: before.join(', ') || null, to: after.join(', ') || null });
      next.tags = after;
    }
  }
  if (actions.priority && actions.priority !== t.priority) {
    changes.push({ field: 'priority', from: t.priority, to: actions.priority });
    next.priority = actions.priority;
  }
  if (actions.status && actions.status !== t.status) {
    changes.push({ field: 'status', from: t.status, to: actions.status });
    next = { ...next, ...statusFacts(t, actions.status, p) };
  }
  return { ticket: next as Ticket, changes };
}

/** The resolution facts a status change sets or clears (as PATCH /tickets/{id} does). */
function statusFacts(t: Ticket, status: TicketStatus, p: { nowIso: string; by: string }): Partial<Ticket> {
  if (status === 'resolved' || (status === 'closed' && !t.resolvedAt)) {
    return { status, resolvedAt: p.nowIso, resolvedBy: p.by, firstResolvedAt: t.firstResolvedAt ?? p.nowIso };
  }
  if (status === 'open' || status === 'pending') return { status, resolvedAt: undefined, resolvedBy: undefined };
  return { status };
}

/** "team kargo, tags +kargo" — what a timeline event says changed. */
export function describeChanges(changes: readonly TicketActionChange[]): string {
  return changes.map((c) => `${c.field} ${c.to ?? '—'}`).join(', ');
}
