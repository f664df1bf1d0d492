import { snapshot, type AuditActor, type AuditLog } from '#core/audit';
import type { HttpEvent, HttpResult } from '#http/http';
import { logger } from '#observability';

/**
 * How a route is audited (AgentRoute.audit). Every admin route that changes something (any method but
 * GET) is audited without a declaration; a route declares one to read its `before` state, or to be
 * audited though it is open to agents (canned responses), or `false` to opt out.
 */
export interface AuditDeclaration<C = never, D = never> {
  /** What the action is about to change, read before it runs (undefined: nothing there yet). Keep personal data out. */
  before?(ctx: C, deps: D): Promise<unknown>;
  /** What of the answer the trail keeps (default: the whole JSON body). Keep personal data out. */
  after?(body: unknown): unknown;
}

/** Whether a call of this route leaves an audit record. */
export function audited(r: { readonly access: string; readonly method: string; readonly audit?: AuditDeclaration<never, never> | false }): boolean {
  if (r.audit === false) return false;
  return r.audit !== undefined || (r.access === 'admin' && r.method !== 'GET');
}

/** Who the token says the caller is: its sub, and its e-mail when it carries one (ID tokens do). */
export function actorOf(event: HttpEvent, sub: string): AuditActor {
  const email = event.requestContext.authorizer?.jwt?.claims?.email;
  return { id: sub, ...(typeof email === 'string' && email ? { email } : {}) };
}

const bodyOf = (result: HttpResult): unknown => {
  if (!result.body) return undefined;
  try {
    return JSON.parse(result.body);
  } catch {
    return undefined;
  }
};

/**
 * Runs an audited route: reads `before`, runs the action, and records it once it succeeded (2xx/3xx).
 * A refused or failed action (thrown: 4xx, 5xx) changed nothing and leaves no record. The record's id
 * is API Gateway's request id, so a repeated delivery of one request writes the same record. The action
 * is done when the record is written: a failed write is logged as an error (alarmed on), not turned into
 * a failure of what already happened.
 */
export async function runAudited<C, D>(
  log: AuditLog,
  call: { readonly method: string; readonly path: string; readonly declaration: AuditDeclaration<C, D> | undefined },
  ctx: C & { readonly event: HttpEvent; readonly agent: { readonly sub: string }; readonly params: unknown; readonly now: Date },
  deps: D,
  run: () => Promise<HttpResult>,
): Promise<HttpResult> {
  const before = await call.declaration?.before?.(ctx, deps);
  const result = await run();
  const status = result.statusCode ?? 200;
  if (status >= 400) return result;
  const body = bodyOf(result);
  const after = call.declaration?.after ? call.declaration.after(body) : body;
  const params = ctx.params && typeof ctx.params === 'object' ? Object.values(ctx.params as Record<string, unknown>).map(String) : [];
  const entry = {
    id: ctx.event.requestContext.requestId ?? `${ctx.now.getTime()}`,
    at: ctx.now.toISOString(),
    actor: actorOf(ctx.event, ctx.agent.sub),
    action: `${call.method} ${call.path}`,
    ...(params.length ? { target: params.join('/') } : {}),
    status,
    ...(before !== undefined ? { before: snapshot(before) } : {}),
    ...(after !== undefined ? { after: snapshot(after) } : {}),
    ...(ctx.event.requestContext.http?.sourceIp ? { via: ctx.event.requestContext.http.sourceIp } : {}),
  };
  try {
    await log.record(entry);
  } catch (e) {
    logger.error('audit record not written', { action: entry.action, target: entry.target, actor: entry.actor.id, error: e as Error });
  }
  return result;
}
