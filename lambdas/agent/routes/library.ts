import { randomUUID } from 'node:crypto';
import { NotFoundError } from '#core/errors';
import { json } from '#http/http';
import intentSummaries from '#definitions/bot/intent-summaries.json';
import { answerListSchema, answerOverrideSchema, botIntentListSchema, cannedPageSchema, cannedSchema } from '#agent/responses';
import { route, type AgentApiDeps } from '#agent/router';
import { answerBody, answerIntentParam, answerParams, cannedBody, cannedListQuery, cannedParams, cannedUpdateBody } from '#agent/schemas';

const noContent = () => ({ statusCode: 204, body: '' });

/** The admins' answer for an intent in a locale, as it stands (the audit trail's `before`). */
const answerOf = async (deps: AgentApiDeps, intent: string, locale: string) => (await deps.store.listAnswers(intent)).find((a) => a.locale === locale);

/** Canned responses (agents' saved replies, per locale) and the admins' answers for the bot. */
export const libraryRoutes = [
  route({
    method: 'GET',
    path: '/canned-responses',
    summary: 'Canned responses of a locale',
    access: 'agent',
    query: cannedListQuery,
    responds: { status: 200, description: 'a page of canned responses', schema: cannedPageSchema },
    handle: async ({ query }, deps) => json(200, await deps.store.listCanned(query.locale, query.limit, query.cursor)),
  }),
  route({
    method: 'POST',
    path: '/canned-responses',
    summary: 'Create a canned response',
    access: 'agent',
    body: cannedBody,
    responds: { status: 201, description: 'the canned response', schema: cannedSchema },
    // Open to agents, but a shared library: every change is on the audit trail.
    audit: {},
    handle: async ({ body, agent, now }, deps) => {
      const canned = { id: randomUUID().slice(0, 12), ...body, updatedAt: now.toISOString(), updatedBy: agent.sub };
      await deps.store.putCanned(canned);
      return json(201, canned);
    },
  }),
  route({
    method: 'GET',
    path: '/canned-responses/{locale}/{id}',
    summary: 'One canned response',
    access: 'agent',
    params: cannedParams,
    responds: { status: 200, description: 'the canned response', schema: cannedSchema },
    handle: async ({ params }, deps) => {
      const canned = await deps.store.getCanned(params.locale, params.id);
      if (!canned) throw new NotFoundError(`canned response ${params.locale}/${params.id} does not exist`);
      return json(200, canned);
    },
  }),
  route({
    method: 'PUT',
    path: '/canned-responses/{locale}/{id}',
    summary: 'Replace a canned response',
    access: 'agent',
    params: cannedParams,
    body: cannedUpdateBody,
    responds: { status: 200, description: 'the canned response', schema: cannedSchema },
    audit: { before: ({ params }, deps) => deps.store.getCanned(params.locale, params.id) },
    handle: async ({ params, body, agent, now }, deps) => {
      if (!(await deps.store.getCanned(params.locale, params.id))) throw new NotFoundError(`canned response ${params.locale}/${params.id} does not exist`);
      const canned = { ...params, ...body, updatedAt: now.toISOString(), updatedBy: agent.sub };
      await deps.store.putCanned(canned);
      return json(200, canned);
    },
  }),
  route({
    method: 'DELETE',
    path: '/canned-responses/{locale}/{id}',
    summary: 'Delete a canned response',
    access: 'agent',
    params: cannedParams,
    audit: { before: ({ params }, deps) => deps.store.getCanned(params.locale, params.id) },
    responds: { status: 204, description: 'deleted' },
    handle: async ({ params }, deps) => {
      if (!(await deps.store.deleteCanned(params.locale, params.id))) throw new NotFoundError(`canned response ${params.locale}/${params.id} does not exist`);
      return noContent();
    },
  }),
  route({
    method: 'GET',
    path: '/bot/intents',
    summary: "The bot definition's intents: what each is, whether the bot answers it, its built-in answer per locale",
    access: 'agent',
    responds: { status: 200, description: 'the intents, by name', schema: botIntentListSchema },
    handle: async () => json(200, { intents: intentSummaries }),
  }),
  route({
    method: 'GET',
    path: '/bot/answers/{intent}',
    summary: "The admins' answers for an intent, per locale (they replace the bot definition's answer)",
    access: 'agent',
    params: answerIntentParam,
    responds: { status: 200, description: 'the overrides, per locale', schema: answerListSchema },
    handle: async ({ params }, deps) => json(200, { intent: params.intent, overrides: await deps.store.listAnswers(params.intent) }),
  }),
  route({
    method: 'PUT',
    path: '/bot/answers/{intent}/{locale}',
    summary: "Set the bot's answer for an intent in a locale, or turn the intent over to people (enabled: false)",
    access: 'admin',
    params: answerParams,
    body: answerBody,
    audit: { before: ({ params }, deps) => answerOf(deps, params.intent, params.locale) },
    responds: { status: 200, description: 'the override', schema: answerOverrideSchema },
    handle: async ({ params, body, agent, now }, deps) => {
      const answer = { ...params, ...body, updatedAt: now.toISOString(), updatedBy: agent.sub };
      await deps.store.putAnswer(answer);
      return json(200, answer);
    },
  }),
  route({
    method: 'DELETE',
    path: '/bot/answers/{intent}/{locale}',
    summary: "Go back to the bot definition's answer",
    access: 'admin',
    params: answerParams,
    audit: { before: ({ params }, deps) => answerOf(deps, params.intent, params.locale) },
    responds: { status: 204, description: 'deleted' },
    handle: async ({ params }, deps) => {
      if (!(await deps.store.deleteAnswer(params.intent, params.locale))) throw new NotFoundError(`no answer override for ${params.intent}/${params.locale}`);
      return noContent();
    },
  }),
];
