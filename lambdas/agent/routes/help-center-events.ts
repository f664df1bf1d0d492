import type { z } from 'zod';
import { fold } from '#brain/text';
import { ValidationError } from '#core/errors';
import type { HttpResult } from '#http/http';
import { articleIncrements, type HelpEvent, MAX_QUERY_LENGTH, MAX_SUGGESTIONS } from '#helpcenter/deflection';
import type { HelpArticles } from '#agent/ports';
import { route } from '#agent/router';
import { helpEventForm } from '#agent/schemas';

/** An event is a few fields: anything larger is not one of ours. */
export const HELP_EVENT_MAX_BYTES = 1024;

type HelpEventForm = z.infer<typeof helpEventForm>;

const invalid = (field: string, message: string) => new ValidationError(message, { [field]: message });

/** The counts one posted event adds; a ValidationError (400) names the field that is wrong. */
export async function helpEventsOf(form: HelpEventForm, articles: HelpArticles): Promise<HelpEvent[]> {
  const { event, locale } = form;
  if (event === 'search_miss') {
    const query = fold(form.query ?? '')
      .slice(0, MAX_QUERY_LENGTH)
      .trim();
    if (!query) throw invalid('query', 'search_miss needs the query that found nothing');
    if (form.article) throw invalid('article', 'search_miss names no article');
    return [{ kind: 'miss', locale, query }];
  }
  if (form.query) throw invalid('query', `${event} has no query`);
  if (form.via && event !== 'view') throw invalid('via', 'only a view is opened via the widget');
  const ids = (form.article ?? '').split(',').filter(Boolean);
  if (!ids.length) throw invalid('article', `${event} needs the article's id`);
  if (event !== 'suggested' && ids.length > 1) throw invalid('article', `${event} is about one article`);
  if (ids.length > MAX_SUGGESTIONS || new Set(ids).size !== ids.length) throw invalid('article', `at most ${MAX_SUGGESTIONS} different articles`);
  const found = await Promise.all(ids.map((id) => articles.find(locale, id)));
  const unknown = ids.find((_, i) => !found[i]);
  if (unknown !== undefined) throw invalid('article', `no published article "${unknown.slice(0, 100)}" in ${locale}`);
  const add = articleIncrements(event, form.via === 'widget');
  return ids.map((article) => ({ kind: 'article', locale, article, add }));
}

export const helpCenterEventRoutes = [
  route({
    method: 'POST',
    path: '/help-center/events',
    summary:
      'Counts a help-center event: an article viewed (from the widget or not), "Did this help?" answered, a search that found nothing, suggestions shown in the widget, a chat message written within 10 minutes of opening a suggestion. Public, no visitor id; the stage throttle limits it',
    access: 'public',
    body: helpEventForm,
    bodyType: 'form',
    maxBodyBytes: HELP_EVENT_MAX_BYTES,
    responds: { status: 204, description: 'counted (303 back to the article for a form sent without JavaScript)' },
    handle: async ({ body, now }, deps): Promise<HttpResult> => {
      const events = await helpEventsOf(body, deps.helpCenter.articles);
      await deps.helpCenter.stats.add(now.toISOString().slice(0, 10), events);
      const article = body.page && body.article ? await deps.helpCenter.articles.find(body.locale, body.article) : undefined;
      // Relative: the form posts to <site>/events (CloudFront, local/web.ts), so this is the article's page of the same site.
      if (article) return { statusCode: 303, headers: { location: `${body.locale}/${article.slug}/#feedback-thanks`, 'cache-control': 'no-store' }, body: '' };
      return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
    },
  }),
];
