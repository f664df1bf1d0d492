import { ConflictError, NotFoundError } from '#core/errors';
import type { Macro } from '#core/macros';
import { json } from '#http/http';
import { runMacro } from '#agent/macro-run';
import { route } from '#agent/router';
import { checkReferences, idFromName } from '#agent/routing-refs';
import { macroBody, macroIdParam, macroListSchema, macroRunBody, macroRunSchema, macroSchema, macroUpdateBody } from '#agent/routing-schemas';

const noContent = () => ({ statusCode: 204, body: '' });

/** Macros: admins manage them, agents run them on one ticket or many. */
export const macroRoutes = [
  route({
    method: 'GET',
    path: '/macros',
    summary: 'Every macro, by name',
    access: 'agent',
    responds: { status: 200, description: 'the macros', schema: macroListSchema },
    handle: async (_, deps) => json(200, { items: await deps.macros.listMacros() }),
  }),
  route({
    method: 'POST',
    path: '/macros',
    summary: 'Create a macro',
    access: 'admin',
    body: macroBody,
    responds: { status: 201, description: 'the macro', schema: macroSchema },
    handle: async ({ body, agent, now }, deps) => {
      const { id: given, ...fields } = body;
      const id = given ?? idFromName(body.name);
      await checkReferences(deps, body.actions);
      if (await deps.macros.getMacro(id)) throw new ConflictError(`macro ${id} exists; choose another id`);
      const nowIso = now.toISOString();
      const macro: Macro = { id, ...fields, createdAt: nowIso, updatedAt: nowIso, updatedBy: agent.sub };
      await deps.macros.putMacro(macro);
      return json(201, macro);
    },
  }),
  route({
    method: 'PUT',
    path: '/macros/{id}',
    summary: 'Replace a macro',
    access: 'admin',
    params: macroIdParam,
    body: macroUpdateBody,
    responds: { status: 200, description: 'the macro', schema: macroSchema },
    handle: async ({ params, body, agent, now }, deps) => {
      const current = await deps.macros.getMacro(params.id);
      if (!current) throw new NotFoundError(`macro ${params.id} does not exist`);
      await checkReferences(deps, body.actions);
      const macro: Macro = { id: current.id, ...body, createdAt: current.createdAt, updatedAt: now.toISOString(), updatedBy: agent.sub };
      await deps.macros.putMacro(macro);
      return json(200, macro);
    },
  }),
  route({
    method: 'DELETE',
    path: '/macros/{id}',
    summary: 'Delete a macro',
    access: 'admin',
    params: macroIdParam,
    responds: { status: 204, description: 'deleted' },
    handle: async ({ params }, deps) => {
      if (!(await deps.macros.deleteMacro(params.id))) throw new NotFoundError(`macro ${params.id} does not exist`);
      return noContent();
    },
  }),
  route({
    method: 'POST',
    path: '/macros/{id}/run',
    summary: 'Run a macro on up to 50 tickets: one timeline event each; its reply goes out as an agent reply (a retried requestId sends nothing twice)',
    access: 'agent',
    params: macroIdParam,
    body: macroRunBody,
    responds: { status: 200, description: "each ticket's outcome, in the order given", schema: macroRunSchema },
    handle: async ({ params, body, agent, now }, deps) => {
      const macro = await deps.macros.getMacro(params.id);
      if (!macro) throw new NotFoundError(`macro ${params.id} does not exist`);
      const profile = await deps.teams.agent(agent.sub);
      const results = await runMacro(deps, macro, body.tickets, { agent, agentName: profile?.name, now, requestId: body.requestId });
      return json(200, { results });
    },
  }),
];
