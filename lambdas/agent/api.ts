import { json } from '#http/http';
import { openApiDocument } from './openapi';
import { makeRouter, route, type AgentApiDeps, type AgentRoute } from './router';
import { csatRoutes } from './routes/csat';
import { customerRoutes } from './routes/customers';
import { libraryRoutes } from './routes/library';
import { presenceRoutes } from './routes/presence';
import { reportRoutes } from './routes/reports';
import { ticketRoutes } from './routes/tickets';

export type { AgentApiDeps } from './router';
export { agentOf } from './router';

const domainRoutes: AgentRoute[] = [...ticketRoutes, ...presenceRoutes, ...customerRoutes, ...libraryRoutes, ...reportRoutes, ...csatRoutes];

const openApiRoute = route({
  method: 'GET',
  path: '/openapi.json',
  summary: 'This document',
  access: 'public',
  handle: async () => json(200, apiDocument()),
});

/** Every route the agent API function serves. */
export const agentRoutes: readonly AgentRoute[] = [...domainRoutes, openApiRoute];

let document: ReturnType<typeof openApiDocument> | undefined;
export const apiDocument = () => (document ??= openApiDocument(agentRoutes, { title: 'Destek agent API', version: '0.1.0' }));

export function makeAgentApi(deps: AgentApiDeps) {
  return makeRouter(agentRoutes, deps);
}
