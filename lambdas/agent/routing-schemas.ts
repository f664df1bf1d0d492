import * as z from 'zod';
import { channels } from '#core/messages';
import { ticketStatuses } from '#core/model';
import { MAX_MACRO_TICKETS } from '#core/macros';
import { ruleTriggers } from '#core/routing-rules';
import intentSummaries from '#definitions/bot/intent-summaries.json';
import { apiSchemas } from './responses';
import { priorities } from './schemas';

/**
 * The routing rules' and macros' requests and responses (routes/rules.ts, routes/macros.ts). Intents
 * are checked here against the bot definition; teams and canned responses by the routes (they are data).
 */
const named = <S extends z.core.$ZodType>(id: string, schema: S): S => (apiSchemas.add(schema, { id }), schema);

const intentNames = intentSummaries.map((i) => i.name) as [string, ...string[]];
const locale = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a locale such as tr or en');
const tag = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}_\-.:]+$/u, 'letters, digits, _ - . : only');
const teamId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a team id such as kargo');
const agentId = z.string().min(1).max(128);
const list = <S extends z.ZodType>(item: S, max: number) => z.array(item).min(1).max(max);
export const idPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;
const id = z.string().regex(idPattern, 'lowercase letters, digits and "-", such as kargo-tr');
const time = z.string().describe('ISO 8601 time (UTC)');

export const ruleConditionsSchema = z
  .strictObject({
    channels: list(z.enum(channels), channels.length).optional(),
    intents: list(z.enum(intentNames), 30).optional(),
    locales: list(locale, 10).optional().describe("the ticket's locale"),
    priorities: list(z.enum(priorities), 4).optional(),
    customerTags: list(tag, 20).optional().describe('the customer has any of these tags'),
    textContains: list(z.string().trim().min(2).max(100), 20)
      .optional()
      .describe('the message contains any of these; Turkish-aware (İ/ı folded, ç ğ ı ö ş ü typed plain match too)'),
    businessHours: z.enum(['open', 'closed']).optional().describe('by the configured calendar, when the message arrived'),
  })
  .describe('every condition given must hold; a list holds when any of its values does; none: every message');

export const ruleActionsSchema = z
  .strictObject({
    team: teamId.optional().describe("sets the ticket's team (its members are assigned from it)"),
    assignee: agentId.optional(),
    addTags: list(tag, 20).optional(),
    priority: z.enum(priorities).optional(),
    cannedReply: z
      .record(locale, z.string().regex(/^[\w-]{1,64}$/))
      .optional()
      .describe("a canned response per locale (locale → its id), sent on the ticket's channel in the ticket's locale"),
    stop: z.boolean().optional().describe('no later rule runs after this one matched'),
  })
  .refine((a) => Object.keys(a).some((k) => k !== 'stop'), { message: 'give at least one action: team, assignee, addTags, priority or cannedReply' });

export const ruleBody = z.strictObject({
  id: id.optional().describe('chosen from the name when absent'),
  name: z.string().trim().min(1).max(80),
  enabled: z.boolean().default(true),
  when: z.enum(ruleTriggers).describe('ticket_created: the message that opens a ticket; message_received: every customer message'),
  conditions: ruleConditionsSchema.default({}),
  actions: ruleActionsSchema,
});
export const ruleUpdateBody = ruleBody.omit({ id: true });
export const ruleIdParam = z.object({ id });
export const ruleOrderBody = z.strictObject({ ids: z.array(id).max(200).describe('every rule id, in the order rules are evaluated') });

export const ruleSchema = named(
  'RoutingRule',
  z.strictObject({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    when: z.enum(ruleTriggers),
    conditions: ruleConditionsSchema,
    actions: z.strictObject(ruleActionsSchema.shape),
    hits: z.number().int().describe('messages the rule matched'),
    createdAt: time,
    updatedAt: time,
    updatedBy: z.string(),
  }),
);
export const ruleListSchema = named('RoutingRuleList', z.strictObject({ items: z.array(ruleSchema) }));

const macroText = z.string().trim().min(1).max(5000);
export const macroActionsSchema = z
  .strictObject({
    reply: z
      .record(locale, macroText)
      .optional()
      .describe('the reply per locale; {{customer.name}}, {{ticket.number}}, {{order.number}}, {{agent.name}} are filled in'),
    note: macroText.optional().describe('an internal note (the same variables)'),
    status: z.enum(ticketStatuses).optional(),
    priority: z.enum(priorities).optional(),
    assignee: agentId.nullable().optional().describe('null unassigns'),
    team: teamId.optional(),
    addTags: list(tag, 20).optional(),
    removeTags: list(tag, 20).optional(),
  })
  .refine((a) => Object.keys(a).length > 0, { message: 'give at least one action' });

export const macroBody = z.strictObject({
  id: id.optional().describe('chosen from the name when absent'),
  name: z.string().trim().min(1).max(80),
  actions: macroActionsSchema,
});
export const macroUpdateBody = macroBody.omit({ id: true });
export const macroIdParam = ruleIdParam;
export const macroRunBody = z.strictObject({
  tickets: z
    .array(
      z
        .string()
        .regex(/^#?\d{1,12}$/, 'a ticket number such as 10001')
        .transform((s) => s.replace('#', '')),
    )
    .min(1)
    .max(MAX_MACRO_TICKETS)
    .refine((ids) => new Set(ids).size === ids.length, 'each ticket once'),
  requestId: z
    .string()
    .regex(/^[\w-]{8,64}$/)
    .describe('idempotency key: a run retried with the same id changes and sends nothing twice'),
});

export const macroSchema = named(
  'Macro',
  z.strictObject({
    id: z.string(),
    name: z.string(),
    actions: z.strictObject(macroActionsSchema.shape),
    createdAt: time,
    updatedAt: time,
    updatedBy: z.string(),
  }),
);
export const macroListSchema = named('MacroList', z.strictObject({ items: z.array(macroSchema) }));
export const macroRunSchema = named(
  'MacroRun',
  z.strictObject({
    results: z.array(
      z.strictObject({
        ticketId: z.string(),
        outcome: z.enum(['applied', 'already-applied', 'unchanged', 'failed']).describe('already-applied: an earlier request with this requestId ran it'),
        changes: z.array(z.strictObject({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
        replied: z.boolean(),
        error: z.string().optional(),
      }),
    ),
  }),
);
