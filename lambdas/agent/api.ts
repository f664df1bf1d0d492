import { z } from 'zod';
import { NotFoundError, UnauthorizedError } from '../core/errors';
import { ticketStatuses } from '../core/model';
import type { TicketReader } from '../core/ports';
import { json, validate, type HttpEvent, type HttpResult } from '../http/http';
import { interactionView, ticketView } from './representation';

export interface AgentApiDeps {
  readonly tickets: TicketReader;
}

const listQuery = z
  .object({
    status: z.enum(ticketStatuses).default('open'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

const ticketQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(100),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

/** Ticket ids are their numbers; "#10001", "%2310001" and "10001" all name the same ticket. */
const ticketIdParam = z.string().regex(/^#?\d{1,12}$/, 'a ticket number such as 10001').transform((s) => s.replace('#', ''));

/** The API Gateway authorizer verified the token; a route reached without claims is refused anyway. */
export function agentOf(event: HttpEvent): { sub: string; groups: string[] } {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') throw new UnauthorizedError('a valid agent token is required');
  const raw = claims['cognito:groups'];
  const groups = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.replace(/^\[|\]$/g, '').split(/[ ,]+/).filter(Boolean) : [];
  return { sub: claims.sub, groups };
}

export function makeAgentApi(deps: AgentApiDeps) {
  const routes: Record<string, (event: HttpEvent) => Promise<HttpResult>> = {
    'GET /tickets': async (event) => {
      const q = validate(listQuery, event.queryStringParameters ?? {}, 'query');
      const page = await deps.tickets.listTickets({ status: q.status, limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) });
      return json(200, { items: page.items.map(ticketView), next: page.next });
    },
    'GET /tickets/{id}': async (event) => {
      const id = validate(ticketIdParam, event.pathParameters?.id ?? '', 'ticket id');
      const q = validate(ticketQuery, event.queryStringParameters ?? {}, 'query');
      const ticket = await deps.tickets.getTicket(id);
      if (!ticket) throw new NotFoundError(`ticket ${id} does not exist`);
      const timeline = await deps.tickets.getTimeline(id, q.limit, q.cursor);
      return json(200, { ...ticketView(ticket), timeline: timeline.items.map(interactionView), timelineNext: timeline.next });
    },
  };
  return async (event: HttpEvent): Promise<HttpResult> => {
    agentOf(event);
    const route = routes[event.routeKey];
    if (!route) throw new NotFoundError(`no route ${event.routeKey}`);
    return route(event);
  };
}
