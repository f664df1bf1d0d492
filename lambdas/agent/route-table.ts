import { makeRouter, type AgentApiDeps, type AgentRoute, type RouteStub } from './router';

type Access = AgentRoute['access'];

/**
 * A route module's routes as the router sees them before the module loads: key and access. The
 * module (its schemas, its dependencies) is imported on the first call of one of its routes, so a
 * cold start pays for the router and this table only (test/unit/agent-route-table.test.ts keeps the
 * table equal to the modules' routes).
 */
function lazily(load: () => Promise<readonly AgentRoute[]>, routes: Record<string, Access>): RouteStub[] {
  let loaded: Promise<readonly AgentRoute[]> | undefined;
  return Object.entries(routes).map(([key, access]) => {
    const [method, path] = key.split(' ') as [AgentRoute['method'], string];
    return {
      method,
      path,
      access,
      load: async () => {
        loaded ??= load().catch((e: unknown) => ((loaded = undefined), Promise.reject(e)));
        const found = (await loaded).find((r) => r.method === method && r.path === path);
        if (!found) throw new Error(`${key} is not among its module's routes`);
        return found;
      },
    };
  });
}

/** Every route the agent API function serves, in the order of agentRoutes (api.ts): ties among patterns keep it. */
export const agentRouteTable: readonly RouteStub[] = [
  ...lazily(async () => (await import('./routes/tickets')).ticketRoutes, {
    'GET /tickets': 'agent',
    'GET /tickets/{id}': 'agent',
    'PATCH /tickets/{id}': 'agent',
    'POST /tickets/{id}/replies': 'agent',
    'POST /tickets/{id}/notes': 'agent',
  }),
  ...lazily(async () => (await import('./routes/files')).fileRoutes, {
    'GET /tickets/{id}/files': 'agent',
    'POST /tickets/{id}/uploads': 'agent',
    'POST /tickets/{id}/uploads/check': 'agent',
  }),
  ...lazily(async () => (await import('./routes/presence')).presenceRoutes, { 'POST /tickets/{id}/typing': 'agent' }),
  ...lazily(async () => (await import('./routes/people')).peopleRoutes, {
    'GET /agents/me': 'agent',
    'PUT /agents/me/presence': 'agent',
    'GET /agents': 'admin',
    'PUT /agents/{agentId}': 'admin',
    'GET /teams': 'admin',
    'POST /teams': 'admin',
    'GET /teams/{id}': 'admin',
    'PUT /teams/{id}': 'admin',
    'DELETE /teams/{id}': 'admin',
  }),
  ...lazily(async () => (await import('./routes/customers')).customerRoutes, {
    'GET /customers': 'agent',
    'GET /customers/{id}': 'agent',
    'POST /customers/{id}/merge': 'admin',
    'POST /customers/{id}/erase': 'admin',
  }),
  ...lazily(async () => (await import('./routes/library')).libraryRoutes, {
    'GET /canned-responses': 'agent',
    'POST /canned-responses': 'agent',
    'GET /canned-responses/{locale}/{id}': 'agent',
    'PUT /canned-responses/{locale}/{id}': 'agent',
    'DELETE /canned-responses/{locale}/{id}': 'agent',
    'GET /bot/intents': 'agent',
    'GET /bot/answers/{intent}': 'agent',
    'PUT /bot/answers/{intent}/{locale}': 'admin',
    'DELETE /bot/answers/{intent}/{locale}': 'admin',
  }),
  ...lazily(async () => (await import('./routes/reports')).reportRoutes, { 'GET /tickets/counts': 'agent', 'GET /metrics': 'agent' }),
  ...lazily(async () => (await import('./routes/sla')).slaRoutes, { 'GET /sla/calendars': 'agent' }),
  ...lazily(async () => (await import('./routes/csat')).csatRoutes, { 'GET /csat/{token}': 'public', 'POST /csat/{token}': 'public' }),
  ...lazily(async () => (await import('./routes/nps')).npsRoutes, { 'GET /nps/{token}': 'public', 'POST /nps/{token}': 'public' }),
  ...lazily(async () => (await import('./routes/help-center')).helpCenterRoutes, {
    'GET /help-center/articles': 'admin',
    'POST /help-center/articles': 'admin',
    'GET /help-center/articles/{locale}/{id}': 'admin',
    'PATCH /help-center/articles/{locale}/{id}': 'admin',
    'GET /help-center/articles/{locale}/{id}/versions': 'admin',
    'POST /help-center/articles/{locale}/{id}/restore': 'admin',
    'PUT /help-center/categories/{locale}/{category}/order': 'admin',
    'POST /help-center/publish': 'admin',
  }),
  ...lazily(async () => (await import('./routes/help-center-events')).helpCenterEventRoutes, { 'POST /help-center/events': 'public' }),
  ...lazily(async () => (await import('./routes/rules')).ruleRoutes, {
    'GET /rules': 'admin',
    'POST /rules': 'admin',
    'PUT /rules/order': 'admin',
    'GET /rules/{id}': 'admin',
    'PUT /rules/{id}': 'admin',
    'DELETE /rules/{id}': 'admin',
  }),
  ...lazily(async () => (await import('./routes/customer-tags')).customerTagRoutes, { 'PATCH /customers/{id}': 'agent' }),
  ...lazily(async () => (await import('./routes/macros')).macroRoutes, {
    'GET /macros': 'agent',
    'POST /macros': 'admin',
    'PUT /macros/{id}': 'admin',
    'DELETE /macros/{id}': 'admin',
    'POST /macros/{id}/run': 'agent',
  }),
  ...lazily(async () => (await import('./routes/exports')).exportRoutes, { 'GET /exports/tickets': 'admin', 'GET /exports/metrics': 'admin' }),
  ...lazily(async () => (await import('./routes/audit')).auditRoutes, { 'GET /audit': 'admin' }),
  ...lazily(async () => (await import('./routes/search')).searchRoutes, { 'GET /search': 'agent' }),
  // The document needs every route's schemas: only this route loads them all.
  ...lazily(async () => [(await import('./api')).openApiRoute], { 'GET /openapi.json': 'public' }),
];

/**
 * The agent API: its router over the table; each route's module loads on that route's first call,
 * and dependencies given as a function are built on the first call.
 */
export function makeAgentApi(deps: AgentApiDeps | (() => Promise<AgentApiDeps>)) {
  return makeRouter(agentRouteTable, deps);
}
