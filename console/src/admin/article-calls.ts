import type { LOCALES } from '../i18n';
import type { components } from '#agent/api-types';
import { fieldsOf, FieldErrors } from './fields';

export type ArticleSummary = components['schemas']['HelpArticleSummary'];
export type Article = components['schemas']['HelpArticle'];
export type ArticleVersion = components['schemas']['HelpArticleVersion'];
export type ArticleLocale = (typeof LOCALES)[number];

/** A 409 on an article: someone changed it since the version the edit was based on (`current`: theirs). */
export class ArticleConflict extends FieldErrors {
  constructor(
    message: string,
    code: string | undefined,
    readonly current: number | undefined,
  ) {
    super(409, message, code, {});
  }
}

/**
 * The data of an article call; a refusal throws FieldErrors with the fields it names (schema issues
 * as a list, the library's own checks as `{field}`), or ArticleConflict on a stale version.
 */
export async function articleCall<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error === undefined && data !== undefined) return data;
  const body = error as { message?: string; error?: { code?: string; message?: string; details?: unknown } } | undefined;
  const message = body?.error?.message ?? body?.message ?? `HTTP ${response.status}`;
  const details = body?.error?.details as { version?: unknown; field?: unknown } | unknown[] | undefined;
  if (response.status === 409) {
    const current = !Array.isArray(details) && typeof details?.version === 'number' ? details.version : undefined;
    throw new ArticleConflict(message, body?.error?.code, current);
  }
  const fields = fieldsOf(details);
  if (!Array.isArray(details) && typeof details?.field === 'string') fields[details.field] ??= message;
  throw new FieldErrors(response.status, message, body?.error?.code, fields);
}

/** An article's page on the site, <helpUrl><locale>/<slug>/ (the renderer's clean URLs), or the locale's home without a slug. */
export function articleUrl(helpUrl: string | undefined, a: { locale: string; slug?: string }): string | undefined {
  if (!helpUrl) return undefined;
  return `${helpUrl.endsWith('/') ? helpUrl : `${helpUrl}/`}${a.locale}/${a.slug ? `${a.slug}/` : ''}`;
}

/** Words separated by spaces or commas, as typed in a list field (intents). */
export const words = (s: string) => s.split(/[\s,]+/).filter(Boolean);
/** Entries separated by commas (tags, which may hold spaces). */
export const listed = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The articles of a locale by category, each category's articles in their order (the API lists them so). */
export function byCategory(articles: readonly ArticleSummary[]): [string, ArticleSummary[]][] {
  const groups = new Map<string, ArticleSummary[]>();
  for (const a of articles) groups.set(a.category, [...(groups.get(a.category) ?? []), a]);
  for (const list of groups.values()) list.sort((x, y) => x.order - y.order || x.slug.localeCompare(y.slug));
  return [...groups.entries()];
}

/** The category's ids with one article moved one place up (-1) or down (+1); undefined at an end. */
export function moved(ids: readonly string[], id: string, by: -1 | 1): string[] | undefined {
  const at = ids.indexOf(id);
  const to = at + by;
  if (at < 0 || to < 0 || to >= ids.length) return undefined;
  const next = [...ids];
  [next[at], next[to]] = [next[to]!, next[at]!];
  return next;
}
