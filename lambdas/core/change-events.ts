import { createHash } from 'node:crypto';
import type { Customer, Interaction, Ticket } from '#core/model';
import { EVENT_VERSION, type DestekEvent, type EventInclude, type EventType } from '#core/events';

/**
 * One change of a stored thing, as the table's change feed reports it: what it was before and after
 * (absent: created or deleted). `changeId` is the feed's id of the change, the same on every redelivery.
 */
export type StoredChange =
  | { readonly kind: 'ticket'; readonly changeId: string; readonly before?: Ticket; readonly after?: Ticket }
  | { readonly kind: 'interaction'; readonly changeId: string; readonly before?: Interaction; readonly after?: Interaction }
  | { readonly kind: 'customer'; readonly changeId: string; readonly at: string; readonly before?: Customer; readonly after?: Customer }
  /** A customer's NPS answer, recorded once per survey (the first answer stands). */
  | { readonly kind: 'npsAnswer'; readonly changeId: string; readonly customerId: string; readonly after?: NpsAnswerFact };

/** What an NPS answer item holds (adapters/nps-store.ts). */
export interface NpsAnswerFact {
  readonly ticketId: string;
  readonly score: number;
  readonly comment?: string;
  readonly answeredAt: string;
}

export interface EventOptions {
  /** Personal data the shop opted in to (events.include); none by default. */
  readonly include: ReadonlySet<EventInclude>;
}

/** An id for the n-th event of a change: stable across redeliveries, distinct between events. */
export const eventIdOf = (changeId: string, type: EventType): string =>
  createHash('sha256')
    .update(`${changeId}|${type}`)
    .digest('hex')
    .slice(0, 32)
    .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');

const isDone = (s: Ticket['status'] | undefined) => s === 'resolved' || s === 'closed';
const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/** The events a change publishes: none for a change nobody outside cares about. */
export function eventsOfChange(change: StoredChange, options: EventOptions): DestekEvent[] {
  switch (change.kind) {
    case 'ticket':
      return ticketEvents(change.changeId, change.before, change.after, options);
    case 'interaction':
      return interactionEvents(change.changeId, change.before, change.after, options);
    case 'customer':
      return customerEvents(change.changeId, change.at, change.before, change.after);
    case 'npsAnswer':
      return npsEvents(change.changeId, change.customerId, change.after, options);
  }
}

function make<T extends EventType>(changeId: string, type: T, occurredAt: string, fields: Record<string, unknown>): DestekEvent {
  return { type, detail: { version: EVENT_VERSION, eventId: eventIdOf(changeId, type), occurredAt, ...fields } } as DestekEvent;
}

/** Optional fields: absent rather than undefined, so the detail's JSON is what its schema says. */
const defined = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

function ticketEvents(id: string, before: Ticket | undefined, after: Ticket | undefined, o: EventOptions): DestekEvent[] {
  if (!after) return [];
  const ref = { ticketId: after.id, customerId: after.customerId };
  if (!before) {
    return [
      make(id, 'Ticket Created', after.createdAt, {
        ...ref,
        ...defined({
          channel: after.channel,
          status: after.status,
          priority: after.priority,
          intent: after.classification?.intent,
          assignee: after.assignee,
          team: after.team,
          subject: o.include.has('subject') ? after.subject : undefined,
          customerName: o.include.has('customerName') ? after.customerName : undefined,
          customerEmail: o.include.has('customerEmail') && after.channel === 'email' ? after.customerAddress : undefined,
        }),
      }),
    ];
  }
  const at = after.updatedAt;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of ['status', 'priority', 'assignee', 'team'] as const) {
    if (before[field] !== after[field]) changes[field] = { from: before[field] ?? null, to: after[field] ?? null };
  }
  if (!sameList(before.tags, after.tags)) changes.tags = { from: before.tags ? [...before.tags] : null, to: after.tags ? [...after.tags] : null };
  const events: DestekEvent[] = [];
  if (Object.keys(changes).length) events.push(make(id, 'Ticket Updated', at, { ...ref, changes }));
  if (!isDone(before.status) && isDone(after.status))
    events.push(make(id, 'Ticket Resolved', after.resolvedAt ?? at, { ...ref, ...defined({ resolvedBy: after.resolvedBy }) }));
  if (isDone(before.status) && !isDone(after.status)) events.push(make(id, 'Ticket Reopened', at, { ...ref, previousStatus: before.status }));
  return events;
}

/** Timeline events (kind 'event') that are events for the shop too: the event's type → what it publishes. */
const timelineEvents: Record<string, (i: Interaction, o: EventOptions) => { type: EventType; fields: Record<string, unknown> } | undefined> = {
  csat: (i) => ({ type: 'CSAT Received', fields: { score: i.event?.to } }),
  csat_changed: (i) => ({ type: 'CSAT Received', fields: { score: i.event?.to, ...defined({ previousScore: i.event?.from ?? undefined }) } }),
  sla_breached: (i) => ({ type: 'SLA Breached', fields: defined({ dueAt: typeof i.event?.to === 'string' ? i.event.to : undefined }) }),
  sla_escalated: (i) => ({
    type: 'SLA Escalated',
    fields: defined({ level: stringOr(i.event?.from), to: stringOr(i.event?.to) }),
  }),
};

const stringOr = (v: unknown) => (typeof v === 'string' ? v : undefined);
const commentOf = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

function interactionEvents(id: string, before: Interaction | undefined, after: Interaction | undefined, o: EventOptions): DestekEvent[] {
  if (!after) return [];
  const ref = { ticketId: after.ticketId, customerId: after.customerId };
  const text = o.include.has('messageText') ? after.text : undefined;
  if (after.direction === 'in' && after.kind === 'message') {
    if (before) return [];
    return [
      make(id, 'Message Received', after.at, {
        ...ref,
        interactionId: after.key,
        channel: after.channel,
        ...defined({ intent: after.classification?.intent, text }),
      }),
    ];
  }
  if (after.direction === 'out') {
    const was = before?.delivery;
    const now = after.delivery;
    if (now?.status === 'sent' && was?.status !== 'sent') {
      return [
        make(id, 'Message Sent', now.sentAt ?? after.at, {
          ...ref,
          interactionId: after.key,
          channel: after.channel,
          kind: after.kind,
          ...defined({ author: after.author === 'system' || after.author === 'bot' ? undefined : after.author, text }),
        }),
      ];
    }
    const failedNow = now?.status === 'failed' || now?.providerStatus === 'failed';
    const failedBefore = was?.status === 'failed' || was?.providerStatus === 'failed';
    if (failedNow && !failedBefore) {
      return [
        make(id, 'Delivery Failed', now?.failedAt ?? after.at, {
          ...ref,
          interactionId: after.key,
          channel: after.channel,
          reason: now?.providerError ?? now?.lastError ?? 'unknown',
        }),
      ];
    }
    return [];
  }
  if (after.kind === 'event' && !before && after.event) {
    const mapped = timelineEvents[after.event.type]?.(after, o);
    return mapped ? [make(id, mapped.type, after.at, { ...ref, ...mapped.fields })] : [];
  }
  return [];
}

function customerEvents(id: string, at: string, before: Customer | undefined, after: Customer | undefined): DestekEvent[] {
  if (!after) return [];
  const events: DestekEvent[] = [];
  if (after.mergedInto && !before?.mergedInto) events.push(make(id, 'Customer Merged', at, { customerId: after.id, into: after.mergedInto }));
  if (after.erasedAt && !before?.erasedAt) events.push(make(id, 'Customer Erased', after.erasedAt, { customerId: after.id }));
  return events;
}

function npsEvents(id: string, customerId: string, after: NpsAnswerFact | undefined, o: EventOptions): DestekEvent[] {
  if (!after) return [];
  const comment = o.include.has('comment') ? commentOf(after.comment) : undefined;
  return [make(id, 'NPS Received', after.answeredAt, { ticketId: after.ticketId, customerId, score: after.score, ...defined({ comment }) })];
}

/** Where events go (EventBridge in AWS, its stand-in locally). */
export interface EventBus {
  /** Publishes in order; returns how many, from the first, were accepted (all: events.length). */
  publish(events: readonly DestekEvent[]): Promise<number>;
}

/**
 * Publishes the events of a batch of changes, in the feed's order. Returns the position of the first
 * change whose events were not all accepted (the feed redelivers from there; events already published
 * go out again with the same ids), or undefined when every one went out.
 */
export async function publishChanges(
  changes: readonly (StoredChange | undefined)[],
  bus: EventBus,
  options: EventOptions,
): Promise<{ published: number; failedAt?: number }> {
  const events: DestekEvent[] = [];
  const owner: number[] = [];
  changes.forEach((c, i) => {
    for (const e of c ? eventsOfChange(c, options) : []) {
      events.push(e);
      owner.push(i);
    }
  });
  if (!events.length) return { published: 0 };
  const accepted = await bus.publish(events);
  return accepted >= events.length ? { published: accepted } : { published: accepted, failedAt: owner[accepted]! };
}
