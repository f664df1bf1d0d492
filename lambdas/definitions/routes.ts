import type { FunctionName } from './functions';

/**
 * HTTP routes. CDK creates them on the HTTP API (with the Cognito JWT authorizer where `auth` is
 * 'agent'); the local gateway serves the same routes and builds the same API Gateway v2 events.
 */
export interface RouteDefinition {
  /** ANY: every method, on a greedy path (`{proxy+}`): the function dispatches within it. */
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'ANY';
  readonly path: string;
  readonly function: FunctionName;
  /** 'public': no authorizer (the handler validates). 'agent': Cognito JWT. */
  readonly auth: 'public' | 'agent';
}

export const routeDefinitions: readonly RouteDefinition[] = [
  { method: 'POST', path: '/chat/messages', function: 'chatIngest', auth: 'public' },
  // A visitor's photo or PDF: the visitor token and the file's content are checked by the handler.
  { method: 'POST', path: '/chat/attachments', function: 'chatIngest', auth: 'public' },
  // Social webhooks: the handler checks Meta's signature / Telegram's secret token (contracts §6).
  { method: 'GET', path: '/webhooks/whatsapp', function: 'socialWebhook', auth: 'public' },
  { method: 'POST', path: '/webhooks/whatsapp', function: 'socialWebhook', auth: 'public' },
  { method: 'GET', path: '/webhooks/messenger', function: 'socialWebhook', auth: 'public' },
  { method: 'POST', path: '/webhooks/messenger', function: 'socialWebhook', auth: 'public' },
  { method: 'GET', path: '/webhooks/instagram', function: 'socialWebhook', auth: 'public' },
  { method: 'POST', path: '/webhooks/instagram', function: 'socialWebhook', auth: 'public' },
  { method: 'POST', path: '/webhooks/telegram', function: 'socialWebhook', auth: 'public' },
  { method: 'POST', path: '/chat/token', function: 'chatVisitor', auth: 'public' },
  { method: 'GET', path: '/chat/conversations/{id}/messages', function: 'chatVisitor', auth: 'public' },
  // Public: the rating link in a CSAT request carries its own signature; the document has no secrets.
  { method: 'GET', path: '/csat/{token}', function: 'agentApi', auth: 'public' },
  { method: 'POST', path: '/csat/{token}', function: 'agentApi', auth: 'public' },
  // Public: an NPS link is signed and expires (README, NPS).
  { method: 'GET', path: '/nps/{token}', function: 'agentApi', auth: 'public' },
  { method: 'POST', path: '/nps/{token}', function: 'agentApi', auth: 'public' },
  { method: 'GET', path: '/openapi.json', function: 'agentApi', auth: 'public' },
  // Public: the help center's counts (views, "Did this help?", searches without result, the widget's suggestions); validated, no visitor id.
  { method: 'POST', path: '/help-center/events', function: 'agentApi', auth: 'public' },
  // Every agent and admin route of the agent API (lambdas/agent/routes), behind the JWT authorizer: one
  // greedy route, not one per operation (each route is a CloudFormation resource, and the template's
  // count is bounded). The router answers an unknown path 404 and checks the admin group itself.
  // Last: the local gateway takes the first route that matches, API Gateway the most specific.
  { method: 'ANY', path: '/{proxy+}', function: 'agentApi', auth: 'agent' },
];

/** The help center's counts; its pages post to their site's events path, which CloudFront forwards here. */
export const HELP_EVENTS_ROUTE = routeDefinitions.find((r) => r.path === '/help-center/events')!;

export const routeKey = (r: Pick<RouteDefinition, 'method' | 'path'>): string => `${r.method} ${r.path}`;

/** The definition API Gateway serves a route by: its own, or the greedy route whose path it lies under. */
export function definitionServing(method: string, path: string, definitions: readonly RouteDefinition[] = routeDefinitions): RouteDefinition | undefined {
  return (
    definitions.find((d) => d.method === method && d.path === path) ??
    definitions.find((d) => d.method === 'ANY' && d.path.endsWith('/{proxy+}') && path.startsWith(d.path.slice(0, -'{proxy+}'.length)))
  );
}

/**
 * What browsers may send the API from another origin (the chat widget on the shop's pages, the agent
 * console on its CloudFront domain): API Gateway's preflight answer in AWS and the local gateway's.
 */
export const apiCors = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['content-type', 'authorization'],
  maxAgeSeconds: 600,
} as const;
