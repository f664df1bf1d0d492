import * as z from 'zod';
import { ValidationError } from '#core/errors';
import { json } from '#http/http';
import { apiSchemas } from '#agent/responses';
import { route, type AgentApiDeps } from '#agent/router';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-11-01');
const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 30;
const DAY_MS = 86_400_000;

export const auditQuery = z
  .object({
    from: day.optional().describe('first day, inclusive (UTC); default: 29 days before to'),
    to: day.optional().describe('last day, inclusive (UTC); default: today'),
    actor: z.string().min(1).max(256).optional().describe("only this agent's records: the agent id or e-mail"),
    action: z.string().min(1).max(256).optional().describe('only this action: a route (`POST /customers/{id}/merge`) or `sign-in`'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict();

export const auditRecordSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({ id: z.string(), email: z.string().optional() }).strict(),
    action: z.string(),
    target: z.string().optional(),
    status: z.number().int(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    via: z.string().optional(),
  })
  .strict();
export const auditPageSchema = z.object({ items: z.array(auditRecordSchema), next: z.string().nullable() }).strict();
apiSchemas.add(auditRecordSchema, { id: 'AuditRecord' });
apiSchemas.add(auditPageSchema, { id: 'AuditPage' });

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const auditRoutes = [
  route({
    method: 'GET',
    path: '/audit',
    summary:
      'The audit trail, newest first: every admin action (who, what, which item, when, before and after) and every agent sign-in, kept for audit.retentionDays; filtered by agent and action, a page at a time',
    access: 'admin',
    query: auditQuery,
    responds: { status: 200, description: 'a page of audit records', schema: auditPageSchema },
    handle: async ({ query, now }, deps: AgentApiDeps) => {
      if (!deps.audit) throw new Error('the audit trail is not configured for this API');
      const to = query.to ?? isoDay(now.getTime());
      const from = query.from ?? isoDay(Date.parse(to) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
      if (from > to) throw new ValidationError('from must not be after to', { from: 'after to' });
      if (Date.parse(to) - Date.parse(from) > MAX_RANGE_DAYS * DAY_MS)
        throw new ValidationError(`at most ${MAX_RANGE_DAYS} days`, { from: 'too far before to' });
      const page = await deps.audit.list({
        from: `${from}T00:00:00.000Z`,
        to: `${to}T23:59:59.999Z`,
        actor: query.actor,
        action: query.action,
        limit: query.limit,
        cursor: query.cursor,
      });
      return json(200, page);
    },
  }),
];
