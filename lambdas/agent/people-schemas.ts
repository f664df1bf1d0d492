import * as z from 'zod';
import { apiSchemas } from './responses';
import { teamId } from './schemas';

/** Teams, agents' profiles and presence: request bodies and the responses (named in the OpenAPI document). */
const named = <S extends z.core.$ZodType>(id: string, schema: S): S => (apiSchemas.add(schema, { id }), schema);

const agentId = z.string().min(1).max(128);
const presence = z.enum(['available', 'away']);
const assignment = z.enum(['round-robin', 'least-open', 'manual']);

export const agentIdParam = z.object({ agentId });
export const teamIdParam = z.object({ id: teamId });

export const presenceBody = z.object({ presence: presence.describe('away: no ticket is assigned to you; your open urgent tickets go to your team') }).strict();

export const agentBody = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    email: z.string().email().max(320).optional().describe('where escalations are e-mailed'),
    capacity: z.number().int().min(1).max(500).nullable().optional().describe('at most this many open tickets assigned automatically; null: no limit'),
  })
  .strict()
  .refine((b) => ['name', 'email', 'capacity'].some((k) => k in b), { message: 'nothing to change: give name, email or capacity' });

export const teamBody = z
  .object({
    name: z.string().trim().min(1).max(80),
    members: z
      .array(agentId)
      .max(200)
      .refine((m) => new Set(m).size === m.length, 'each member once')
      .default([])
      .describe('agent ids (token sub); an agent without a profile gets one (away) when the team is saved'),
    lead: agentId.optional().describe('told when a ticket of the team breaches its SLA; must be a member'),
    calendar: z.string().min(1).max(64).optional().describe("a calendar of the configuration's business hours; the default calendar when absent"),
    assignment: assignment.default('round-robin').describe('how new tickets are given to available members under their capacity'),
  })
  .strict()
  .refine((t) => t.lead === undefined || t.members.includes(t.lead), { message: 'the lead must be one of the members', path: ['lead'] });

export const newTeamBody = z.intersection(z.object({ id: teamId }), teamBody);

export const agentProfileSchema = named(
  'AgentProfile',
  z.strictObject({
    agentId: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    presence,
    capacity: z.number().int().nullable().describe('null: no limit'),
    openTickets: z.number().int().describe('open tickets the agent holds (automatic and manual assignments)'),
    updatedAt: z.string(),
  }),
);
export const agentListSchema = named('AgentList', z.strictObject({ items: z.array(agentProfileSchema) }));

export const teamSchema = named(
  'Team',
  z.strictObject({
    id: z.string(),
    name: z.string(),
    members: z.array(z.string()),
    lead: z.string().nullable(),
    calendar: z.string().nullable(),
    assignment,
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export const teamListSchema = named('TeamList', z.strictObject({ items: z.array(teamSchema) }));

export const presenceResultSchema = named(
  'PresenceChange',
  z.strictObject({
    agent: agentProfileSchema,
    assigned: z.array(z.string()).describe('tickets given to you as you became available (oldest urgent first, up to your capacity)'),
    reassigned: z.array(z.strictObject({ ticketId: z.string(), to: z.string().nullable().describe('null: back to the team, unassigned') })),
  }),
);
