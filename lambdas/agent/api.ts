import { json } from '#http/http';
import { edgeOperations } from './edge-routes';
import { openApiDocument } from './openapi';
import { openApiObjectSchema } from './responses';
import { route, type AgentRoute } from './router';
import { auditRoutes } from './routes/audit';
import { csatRoutes } from './routes/csat';
import { npsRoutes } from './routes/nps';
import { customerRoutes } from './routes/customers';
import { customerTagRoutes } from './routes/customer-tags';
import { exportRoutes } from './routes/exports';
import { fileRoutes } from './routes/files';
import { helpCenterRoutes } from './routes/help-center';
import { helpCenterEventRoutes } from './routes/help-center-events';
import { libraryRoutes } from './routes/library';
import { peopleRoutes } from './routes/people';
import { macroRoutes } from './routes/macros';
import { presenceRoutes } from './routes/presence';
import { reportRoutes } from './routes/reports';
import { ruleRoutes } from './routes/rules';
import { searchRoutes } from './routes/search';
import { slaRoutes } from './routes/sla';
import { ticketRoutes } from './routes/tickets';

export type { AgentApiDeps } from './router';
export { agentOf } from './router';
export { makeAgentApi } from './route-table';

const domainRoutes: AgentRoute[] = [
  ...ticketRoutes,
  ...fileRoutes,
  ...presenceRoutes,
  ...peopleRoutes,
  ...customerRoutes,
  ...libraryRoutes,
  ...reportRoutes,
  ...slaRoutes,
  ...csatRoutes,
  ...npsRoutes,
  ...helpCenterRoutes,
  ...helpCenterEventRoutes,
  ...ruleRoutes,
  ...customerTagRoutes,
  ...macroRoutes,
  ...exportRoutes,
  ...auditRoutes,
  ...searchRoutes,
];

export const openApiRoute = route({
  method: 'GET',
  path: '/openapi.json',
  summary: 'This document: every route of the HTTP API and every response body',
  access: 'public',
  responds: { status: 200, description: 'the OpenAPI 3.1 document', schema: openApiObjectSchema },
  handle: async () => json(200, apiDocument()),
});

/** Every route the agent API function serves. */
export const agentRoutes: readonly AgentRoute[] = [...domainRoutes, openApiRoute];

let document: ReturnType<typeof openApiDocument> | undefined;
/** The document of the whole HTTP API: the agent API's routes and the chat and webhook routes beside them. */
export const apiDocument = () =>
  (document ??= openApiDocument([...agentRoutes, ...edgeOperations], {
    title: 'Destek HTTP API',
    version: '0.1.0',
    description: "The agent API (Cognito JWT; groups agent and admin), the chat widget's HTTP routes and the social webhooks.",
  }));
