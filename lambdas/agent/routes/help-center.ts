import { json } from '#http/http';
import { type Actor, HelpLibrary } from '#agent/help-articles';
import {
  articleListQuery,
  articleListSchema,
  articleParams,
  articleRevisionSchema,
  articleVersionsSchema,
  articleWithVersionsSchema,
  categoryParams,
  createArticleBody,
  editArticleBody,
  publishBody,
  publishResultSchema,
  reorderBody,
  reorderResultSchema,
  restoreArticleBody,
} from '#agent/help-center-schemas';
import { route, type AgentApiDeps } from '#agent/router';
import type { ArticleRevision } from '#helpcenter/library';

const library = (deps: AgentApiDeps) => new HelpLibrary(deps.helpCenter);
const actor = (agent: { sub: string }, now: Date): Actor => ({ who: agent.sub, at: now.toISOString() });

const summary = (a: ArticleRevision) => ({
  locale: a.locale,
  id: a.id,
  slug: a.slug,
  title: a.title,
  category: a.category,
  intents: [...a.intents],
  order: a.order,
  published: a.published,
  version: a.version,
  ...(a.updatedAt ? { updatedAt: a.updatedAt } : {}),
  ...(a.updatedBy ? { updatedBy: a.updatedBy } : {}),
});
const versionSummary = (a: ArticleRevision) => ({
  version: a.version,
  change: a.change,
  title: a.title,
  published: a.published,
  ...(a.updatedAt ? { updatedAt: a.updatedAt } : {}),
  ...(a.updatedBy ? { updatedBy: a.updatedBy } : {}),
  ...(a.restoredFrom !== undefined ? { restoredFrom: a.restoredFrom } : {}),
});
const full = ({ stored: _stored, ...a }: ArticleRevision & { stored?: boolean }) => ({ ...a, intents: [...a.intents], tags: [...a.tags] });

/** An article as it stands before a change (the audit trail's `before`); undefined when there is none. */
const articleBefore = (deps: AgentApiDeps, locale: Parameters<HelpLibrary['get']>[0], id: string) =>
  library(deps)
    .get(locale, id)
    .then(full)
    .catch(() => undefined);

/**
 * The help center's articles, for admins: every change is a new version (who, when, what), checked
 * against the version it was based on (409 otherwise), and asks for the site to be rendered again.
 */
export const helpCenterRoutes = [
  route({
    method: 'GET',
    path: '/help-center/articles',
    summary: 'Every article of a locale: the shipped ones never edited and the stored ones, with published state, order and version',
    access: 'admin',
    query: articleListQuery,
    responds: { status: 200, description: 'the articles by category and order', schema: articleListSchema },
    handle: async ({ query }, deps) => json(200, { locale: query.locale, articles: (await library(deps).list(query.locale)).map(summary) }),
  }),
  route({
    method: 'POST',
    path: '/help-center/articles',
    summary: 'Create an article (version 1); published unless published: false',
    access: 'admin',
    body: createArticleBody,
    responds: { status: 201, description: 'the article', schema: articleRevisionSchema },
    errors: { 409: 'an article with this id or slug exists in the locale' },
    handle: async ({ body, agent, now }, deps) => {
      const { id, order, ...rest } = body;
      const created = await library(deps).create({ ...rest, id: id ?? body.slug, ...(order !== undefined ? { order } : {}) }, actor(agent, now));
      return json(201, full(created));
    },
  }),
  route({
    method: 'GET',
    path: '/help-center/articles/{locale}/{id}',
    summary: 'One article as it stands, with its versions',
    access: 'admin',
    params: articleParams,
    responds: { status: 200, description: 'the article and its versions, newest first', schema: articleWithVersionsSchema },
    handle: async ({ params }, deps) => {
      const lib = library(deps);
      const [article, versions] = await Promise.all([lib.get(params.locale, params.id), lib.versions(params.locale, params.id)]);
      return json(200, { article: full(article), versions: versions.map(versionSummary) });
    },
  }),
  route({
    method: 'PATCH',
    path: '/help-center/articles/{locale}/{id}',
    summary: 'Edit an article (title, body, category, intents, tags) or unpublish / publish it again (published); a new version',
    access: 'admin',
    params: articleParams,
    body: editArticleBody,
    audit: { before: ({ params }, deps) => articleBefore(deps, params.locale, params.id) },
    responds: { status: 200, description: 'the article as it stands now', schema: articleRevisionSchema },
    errors: { 409: 'the article changed since the version the edit was based on (error.details.version: the current one)' },
    handle: async ({ params, body, agent, now }, deps) => {
      const { basedOn, ...change } = body;
      return json(200, full(await library(deps).edit(params.locale, params.id, basedOn, change, actor(agent, now))));
    },
  }),
  route({
    method: 'GET',
    path: '/help-center/articles/{locale}/{id}/versions',
    summary: 'Every version of an article, whole (an article never edited has the shipped one)',
    access: 'admin',
    params: articleParams,
    responds: { status: 200, description: 'the versions, newest first', schema: articleVersionsSchema },
    handle: async ({ params }, deps) => json(200, { versions: (await library(deps).versions(params.locale, params.id)).map(full) }),
  }),
  route({
    method: 'POST',
    path: '/help-center/articles/{locale}/{id}/restore',
    summary: "Bring a previous version's content back (title, body, category, intents, tags) as a new version; published state and order stay",
    access: 'admin',
    params: articleParams,
    body: restoreArticleBody,
    audit: { before: ({ params }, deps) => articleBefore(deps, params.locale, params.id) },
    responds: { status: 200, description: 'the article as it stands now', schema: articleRevisionSchema },
    errors: { 409: 'the article changed since basedOn' },
    handle: async ({ params, body, agent, now }, deps) =>
      json(200, full(await library(deps).restore(params.locale, params.id, body.basedOn, body.version, actor(agent, now)))),
  }),
  route({
    method: 'PUT',
    path: '/help-center/categories/{locale}/{category}/order',
    summary: "Order a category's articles: every article id of the category, once each, in the order the site shows them",
    access: 'admin',
    params: categoryParams,
    body: reorderBody,
    responds: { status: 200, description: "the category's articles in their new order", schema: reorderResultSchema },
    handle: async ({ params, body, agent, now }, deps) =>
      json(200, { articles: (await library(deps).reorder(params.locale, params.category, body.ids, actor(agent, now))).map(summary) }),
  }),
  route({
    method: 'POST',
    path: '/help-center/publish',
    summary: 'Render the site again from the articles as they stand (every change does this by itself)',
    access: 'admin',
    body: publishBody,
    responds: { status: 202, description: 'the rebuild is asked for; it takes seconds', schema: publishResultSchema },
    handle: async ({ agent, body }, deps) => {
      await deps.helpCenter.publisher.requestRebuild(`asked for by ${agent.sub}${body.reason ? `: ${body.reason}` : ''}`);
      return json(202, { requested: true });
    },
  }),
];
