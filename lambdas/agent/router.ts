import type { AgentSlaDeps } from './sla-calendars';
import type { z } from 'zod';
import { ForbiddenError, NotFoundError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from '#core/errors';
import type { OutboundQueue } from '#core/ports';
import type { TicketSearch } from '#core/search';
import type { HttpEvent, HttpResult } from '#http/http';
import type { AuditLog } from '#core/audit';
import { audited, runAudited, type AuditDeclaration } from './audit-trail';
import type { ExportDeps } from './exports';
import type { HelpCenterDeps } from './help-articles';
import type { PeopleDeps } from './people';
import type { NpsDeps } from './nps-survey';
import type { ApiOperation } from './openapi';
import type { AgentFiles, AgentStore, AgentUploads, HelpArticles, HelpStats, MacroStore, RuleStore } from './ports';
import type { TeamDirectory } from '#core/teams';

export interface Agent {
  readonly sub: string;
  readonly groups: readonly string[];
}

export interface AgentApiDeps {
  readonly store: AgentStore;
  readonly outbound: OutboundQueue;
  readonly files: AgentFiles;
  /** Signed links to download a ticket's files and to upload new ones. */
  readonly uploads: AgentUploads;
  /** Live chat presence: tells a visitor's open widgets that an agent is writing; how many were told. */
  readonly chat: { typing(visitorId: string, on: boolean): Promise<number> };
  /** Signs CSAT links; `publicUrl` is the API's base URL the links point at. */
  readonly csat: { readonly key: string; readonly publicUrl: string };
  /** NPS surveys after resolutions, their answers and figures; absent: NPS is off. */
  readonly nps?: NpsDeps;
  /** The help center: its articles (admin routes) and the site's rebuild, its counters and its published articles (the event route and the metrics). */
  readonly helpCenter: HelpCenterDeps & { readonly stats: HelpStats; readonly articles: HelpArticles };
  /** Teams, agents' presence and automatic assignment (routes/people.ts). */
  readonly people?: PeopleDeps;
  /** Routing rules and macros (issue 21); teams to check the rules' and macros' names against. */
  readonly rules: RuleStore;
  readonly macros: MacroStore;
  readonly teams: TeamDirectory;
  /** The audit trail; without it nothing is recorded. */
  readonly audit?: AuditLog;
  /** The CSV exports' reads and their object storage. */
  readonly exports?: ExportDeps;
  /** Ticket search (GET /search): the table's index or OpenSearch, as configured. */
  readonly search: TicketSearch;
  /** The SLA's calendars and the teams naming them: GET /sla/calendars, the metrics in business time. */
  readonly sla?: AgentSlaDeps;
  readonly now?: () => Date;
}

export interface RouteContext<P, Q, B> {
  readonly event: HttpEvent;
  /** Absent only on public routes. */
  readonly agent: Agent;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly now: Date;
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.infer<S> : undefined;

/** One route: who may call it, what it accepts and answers (the schemas also make the OpenAPI document), what it does. */
export interface AgentRoute<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
> extends ApiOperation {
  /** 'admin': agents in the admin group only (checked here, besides the authorizer's token check). */
  readonly access: 'public' | 'agent' | 'admin';
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** A form larger than this is refused (default MAX_BODY_BYTES). */
  readonly maxBodyBytes?: number;
  handle(ctx: RouteContext<Out<P>, Out<Q>, Out<B>>, deps: AgentApiDeps): Promise<HttpResult>;
  /** Audit: every admin route but GET is recorded by default (agent/audit-trail.ts); a declaration reads `before`, or opts in or out. */
  readonly audit?: AuditDeclaration<RouteContext<Out<P>, Out<Q>, Out<B>>, AgentApiDeps> | false;
}

/** A route known by its key and access until load() brings the rest: its module loads on its first call (route-table.ts). */
export interface RouteStub {
  readonly method: AgentRoute['method'];
  readonly path: string;
  readonly access: AgentRoute['access'];
  load(): Promise<AgentRoute>;
}

type Routable = AgentRoute | RouteStub;

export const route = <P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>(r: AgentRoute<P, Q, B>) =>
  r as unknown as AgentRoute;

const MAX_BODY_BYTES = 64 * 1024;

/** The API Gateway authorizer verified the token; a route reached without claims is refused anyway. */
export function agentOf(event: HttpEvent): Agent {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') throw new UnauthorizedError('a valid agent token is required');
  const raw = claims['cognito:groups'];
  const groups = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw
          .replace(/^\[|\]$/g, '')
          .split(/[ ,]+/)
          .filter(Boolean)
      : [];
  return { sub: claims.sub, groups };
}

/** Groups whose members may use the agent routes; any other valid token of the user pool is refused. */
const AGENT_GROUPS = ['agent', 'admin'];

/**
 * Who may call a route, besides the authorizer's token check (an HTTP API JWT authorizer cannot look
 * at groups): the agent or admin group for agent routes, the admin group for admin routes.
 */
export function authorise(agent: Agent, access: 'agent' | 'admin', routeKey: string): Agent {
  if (!agent.groups.some((g) => AGENT_GROUPS.includes(g))) throw new ForbiddenError('this API is for members of the agent or admin group');
  if (access === 'admin' && !agent.groups.includes('admin')) throw new ForbiddenError(`${routeKey} is for members of the admin group`);
  return agent;
}

function formBody(event: HttpEvent, maxBytes = MAX_BODY_BYTES): Record<string, string> {
  const type = event.headers?.['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) throw new UnsupportedMediaTypeError('send the form as application/x-www-form-urlencoded');
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  if (Buffer.byteLength(raw) > maxBytes) throw new ValidationError(`form is too large (at most ${maxBytes} bytes)`);
  return Object.fromEntries(new URLSearchParams(raw));
}

/** A route's path as a pattern and its parameters' names, for the routes API Gateway reaches through a greedy route. */
const pathPattern = (path: string) => {
  const names: string[] = [];
  const source = path.replace(/[.*?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'));
  return { regex: new RegExp(`^${source}$`), names };
};

/**
 * The route an event is for: by its route key, or, when API Gateway matched a greedy route (`ANY
 * /help-center/{proxy+}`), by its method and path among the routes under it, with their parameters.
 */
function routeFor(byKey: Map<string, Routable>, patterns: readonly { r: Routable; regex: RegExp; names: string[] }[], event: HttpEvent) {
  const exact = byKey.get(event.routeKey);
  if (exact || !event.routeKey.endsWith('+}')) return exact ? { r: exact, event } : undefined;
  const method = event.requestContext.http?.method;
  for (const p of patterns) {
    const m = p.r.method === method ? p.regex.exec(event.rawPath) : null;
    if (m) return { r: p.r, event: { ...event, pathParameters: Object.fromEntries(p.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) } };
  }
  return undefined;
}

/**
 * Dispatches API Gateway events to the routes by route key, checking access and every input first.
 * A stub's module loads once its caller passed the access check; dependencies given as a function
 * are built then too, once (the handler's: a cold start pays for neither).
 */
export function makeRouter(routes: readonly Routable[], dependencies: AgentApiDeps | (() => Promise<AgentApiDeps>)) {
  let built: Promise<AgentApiDeps> | undefined;
  // A failed build (a missing variable) fails this call and is tried again on the next, as an init would be.
  const build = (make: () => Promise<AgentApiDeps>) => make().catch((e: unknown) => ((built = undefined), Promise.reject(e)));
  const depsOf = () => (typeof dependencies === 'function' ? (built ??= build(dependencies)) : dependencies);
  const byKey = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  // A literal segment wins over a parameter (GET /tickets/counts before GET /tickets/{id}): fewer parameters first, stable.
  const patterns = routes.map((r) => ({ r, ...pathPattern(r.path) })).sort((a, b) => a.names.length - b.names.length);
  return async (received: HttpEvent): Promise<HttpResult> => {
    const found = routeFor(byKey, patterns, received);
    if (!found)
      throw new NotFoundError(
        `no route ${received.routeKey.endsWith('+}') ? `${received.requestContext.http?.method} ${received.rawPath}` : received.routeKey}`,
      );
    const { event } = found;
    const agent = found.r.access === 'public' ? { sub: 'public', groups: [] } : authorise(agentOf(event), found.r.access, `${found.r.method} ${found.r.path}`);
    // Validation (zod) loads with the first route, as the routes' schemas do: the import needs neither.
    const [r, deps, { validate, parseJsonBody }] = await Promise.all(['load' in found.r ? found.r.load() : found.r, depsOf(), import('#http/validate')]);
    const params = r.params ? validate(r.params, event.pathParameters ?? {}, 'path') : undefined;
    const query = r.query ? validate(r.query, event.queryStringParameters ?? {}, 'query') : undefined;
    const body = r.body
      ? r.bodyType === 'form'
        ? validate(r.body, formBody(event, r.maxBodyBytes), 'form')
        : parseJsonBody(event, r.body, MAX_BODY_BYTES)
      : undefined;
    const ctx = { event, agent, params, query, body, now: (deps.now ?? (() => new Date()))() };
    if (!deps.audit || !audited(r)) return r.handle(ctx as never, deps);
    const declaration = r.audit || undefined;
    return runAudited(deps.audit, { method: r.method, path: r.path, declaration }, ctx, deps, () => r.handle(ctx as never, deps));
  };
}
