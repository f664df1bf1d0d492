import * as z from 'zod';
import { channels } from '#definitions/channels';
import { EVENT_SOURCE } from '#definitions/webhooks';
import { ticketStatuses } from '#core/model';
import { outboundKinds } from '#core/message-basics';

/**
 * The events Destek publishes to the shop's systems (EventBridge, `source` "destek"): each one's
 * `detail` defined once here. The JSON Schemas in docs/events/ are generated from these
 * (`npm run event-schemas`) and a test keeps them current. A change that breaks a consumer is a new
 * `version`; adding an optional field is not.
 */
export { EVENT_SOURCE };
export const EVENT_VERSION = '1';

/**
 * Personal data an event may carry when the shop opts in (`events.include`); by default events carry
 * ids only.
 */
export const eventIncludes = ['customerName', 'customerEmail', 'subject', 'messageText', 'comment'] as const;
export type EventInclude = (typeof eventIncludes)[number];

const isoTime = z.iso.datetime({ offset: true });
const channel = z.enum(channels);
const status = z.enum(ticketStatuses);
const priority = z.enum(['urgent', 'high', 'normal', 'low']);

/** Every event's detail starts with these. */
const envelope = {
  version: z.literal(EVENT_VERSION),
  /** Derived from the table change that caused the event: a redelivery carries the same id (dedupe on it). */
  eventId: z.string().describe('stable id of this event: the same on every delivery of it (EventBridge delivers at least once)'),
  occurredAt: isoTime.describe('when the change happened'),
};

const optIn = {
  customerName: z.string().optional().describe('only with events.include customerName'),
  customerEmail: z.string().optional().describe('only with events.include customerEmail'),
};

const change = <T extends z.ZodType>(value: T) => z.object({ from: value.nullable(), to: value.nullable() }).strict();

const ticketRef = {
  ticketId: z.string().describe('the ticket number as a string ("10001")'),
  customerId: z.string(),
};

export const eventDetails = {
  'Ticket Created': z
    .object({
      ...envelope,
      ...ticketRef,
      channel,
      status,
      priority,
      intent: z.string().optional(),
      assignee: z.string().optional(),
      team: z.string().optional(),
      subject: z.string().optional().describe('only with events.include subject'),
      ...optIn,
    })
    .strict(),
  'Ticket Updated': z
    .object({
      ...envelope,
      ...ticketRef,
      changes: z
        .object({
          status: change(status),
          priority: change(priority),
          assignee: change(z.string()),
          team: change(z.string()),
          tags: change(z.array(z.string())),
        })
        .partial()
        .strict()
        .describe('only the fields that changed, each from → to (null: unset)'),
    })
    .strict(),
  'Ticket Resolved': z.object({ ...envelope, ...ticketRef, resolvedBy: z.string().optional().describe('the agent (token sub)') }).strict(),
  'Ticket Reopened': z.object({ ...envelope, ...ticketRef, previousStatus: status }).strict(),
  'Message Received': z
    .object({
      ...envelope,
      ...ticketRef,
      interactionId: z.string(),
      channel,
      intent: z.string().optional(),
      text: z.string().optional().describe('only with events.include messageText'),
    })
    .strict(),
  'Message Sent': z
    .object({
      ...envelope,
      ...ticketRef,
      interactionId: z.string(),
      channel,
      kind: z.enum(outboundKinds),
      author: z.string().optional().describe('the agent (token sub), or absent for the bot and the system'),
      text: z.string().optional().describe('only with events.include messageText'),
    })
    .strict(),
  'Delivery Failed': z.object({ ...envelope, ...ticketRef, interactionId: z.string(), channel, reason: z.string() }).strict(),
  'CSAT Received': z
    .object({
      ...envelope,
      ...ticketRef,
      score: z.number().int().min(1).max(5),
      previousScore: z.number().int().min(1).max(5).optional().describe('set when the customer changed an earlier rating'),
      comment: z.string().optional().describe('only with events.include comment'),
    })
    .strict(),
  'NPS Received': z
    .object({
      ...envelope,
      ...ticketRef,
      score: z.number().int().min(0).max(10),
      comment: z.string().optional().describe('only with events.include comment'),
    })
    .strict(),
  'SLA Escalated': z.object({ ...envelope, ...ticketRef, level: z.string().optional(), to: z.string().optional().describe('whom it went to') }).strict(),
  'SLA Breached': z.object({ ...envelope, ...ticketRef, dueAt: z.string().optional() }).strict(),
  'Customer Merged': z.object({ ...envelope, customerId: z.string().describe('the customer merged away'), into: z.string() }).strict(),
  'Customer Erased': z.object({ ...envelope, customerId: z.string() }).strict(),
} as const;

export type EventType = keyof typeof eventDetails;
export const eventTypes = Object.keys(eventDetails) as EventType[];
export type EventDetail<T extends EventType = EventType> = z.infer<(typeof eventDetails)[T]>;

/** One event to publish: its detail-type and detail. */
export type DestekEvent = { [T in EventType]: { readonly type: T; readonly detail: EventDetail<T> } }[EventType];

/** `ticket-created.v1.json` for "Ticket Created". */
export const schemaFileName = (type: EventType): string => `${type.toLowerCase().replaceAll(' ', '-')}.v${EVENT_VERSION}.json`;

/** The JSON Schema of an event as EventBridge delivers it: the envelope around the detail. */
export function eventJsonSchema(type: EventType): Record<string, unknown> {
  const detail = z.toJSONSchema(eventDetails[type], { target: 'draft-2020-12' });
  const { $schema, ...detailSchema } = detail;
  return {
    $schema,
    $id: `https://destek.dev/events/${schemaFileName(type)}`,
    title: type,
    description: `Destek's "${type}" event as EventBridge delivers it (source "${EVENT_SOURCE}", detail.version "${EVENT_VERSION}").`,
    type: 'object',
    required: ['source', 'detail-type', 'detail'],
    properties: {
      source: { const: EVENT_SOURCE },
      'detail-type': { const: type },
      detail: detailSchema,
    },
  };
}
