import { ConflictError, NotFoundError, ValidationError } from '#core/errors';
import type { RoutingRule } from '#core/routing-rules';
import { json } from '#http/http';
import { route, type AgentApiDeps } from '#agent/router';
import { checkReferences, idFromName } from '#agent/routing-refs';
import { ruleBody, ruleIdParam, ruleListSchema, ruleOrderBody, ruleSchema, ruleUpdateBody } from '#agent/routing-schemas';

const noContent = () => ({ statusCode: 204, body: '' });

/** `order` names the order route. */
const RESERVED_IDS = new Set(['order']);

async function withHits(deps: AgentApiDeps, rules: readonly RoutingRule[]) {
  const hits = await deps.rules.ruleHits(rules.map((r) => r.id));
  return rules.map((r) => ({ ...r, hits: hits[r.id] ?? 0 }));
}

/** Routing rules (admin): evaluated in order by the pipeline on each customer message (core/routing-rules.ts). */
export const ruleRoutes = [
  route({
    method: 'GET',
    path: '/rules',
    summary: 'Every routing rule in evaluation order, with its hit count',
    access: 'admin',
    responds: { status: 200, description: 'the rules', schema: ruleListSchema },
    handle: async (_, deps) => json(200, { items: await withHits(deps, await deps.rules.listRules()) }),
  }),
  route({
    method: 'POST',
    path: '/rules',
    summary: 'Create a routing rule; it is evaluated after the existing ones',
    access: 'admin',
    body: ruleBody,
    responds: { status: 201, description: 'the rule', schema: ruleSchema },
    handle: async ({ body, agent, now }, deps) => {
      const { id: given, ...fields } = body;
      const id = given ?? idFromName(body.name);
      if (RESERVED_IDS.has(id)) throw new ValidationError(`"${id}" is reserved`, [{ path: 'id', message: 'reserved' }]);
      await checkReferences(deps, body.actions);
      if (await deps.rules.getRule(id)) throw new ConflictError(`rule ${id} exists; choose another id`);
      const nowIso = now.toISOString();
      const rule: RoutingRule = { id, ...fields, createdAt: nowIso, updatedAt: nowIso, updatedBy: agent.sub };
      await deps.rules.putRule(rule, true);
      return json(201, { ...rule, hits: 0 });
    },
  }),
  route({
    method: 'PUT',
    path: '/rules/order',
    summary: 'Set the order rules are evaluated in (every rule id, once)',
    access: 'admin',
    body: ruleOrderBody,
    responds: { status: 200, description: 'the rules in their new order', schema: ruleListSchema },
    handle: async ({ body }, deps) => {
      const existing = (await deps.rules.listRules()).map((r) => r.id);
      const same = body.ids.length === existing.length && new Set(body.ids).size === body.ids.length && existing.every((id) => body.ids.includes(id));
      if (!same) throw new ValidationError('ids must name every rule once', [{ path: 'ids', message: `every rule once: ${existing.join(', ')}` }]);
      await deps.rules.setRuleOrder(body.ids);
      return json(200, { items: await withHits(deps, await deps.rules.listRules()) });
    },
  }),
  route({
    method: 'GET',
    path: '/rules/{id}',
    summary: 'One routing rule with its hit count',
    access: 'admin',
    params: ruleIdParam,
    responds: { status: 200, description: 'the rule', schema: ruleSchema },
    handle: async ({ params }, deps) => {
      const rule = await deps.rules.getRule(params.id);
      if (!rule) throw new NotFoundError(`rule ${params.id} does not exist`);
      return json(200, (await withHits(deps, [rule]))[0]);
    },
  }),
  route({
    method: 'PUT',
    path: '/rules/{id}',
    summary: 'Replace a routing rule (its place in the order and its hits stay)',
    access: 'admin',
    params: ruleIdParam,
    body: ruleUpdateBody,
    responds: { status: 200, description: 'the rule', schema: ruleSchema },
    handle: async ({ params, body, agent, now }, deps) => {
      const current = await deps.rules.getRule(params.id);
      if (!current) throw new NotFoundError(`rule ${params.id} does not exist`);
      await checkReferences(deps, body.actions);
      const rule: RoutingRule = { id: current.id, ...body, createdAt: current.createdAt, updatedAt: now.toISOString(), updatedBy: agent.sub };
      await deps.rules.putRule(rule, false);
      return json(200, (await withHits(deps, [rule]))[0]);
    },
  }),
  route({
    method: 'DELETE',
    path: '/rules/{id}',
    summary: 'Delete a routing rule',
    access: 'admin',
    params: ruleIdParam,
    responds: { status: 204, description: 'deleted' },
    handle: async ({ params }, deps) => {
      if (!(await deps.rules.deleteRule(params.id))) throw new NotFoundError(`rule ${params.id} does not exist`);
      return noContent();
    },
  }),
];
