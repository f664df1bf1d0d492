import type { Article, ArticleLocale } from '#helpcenter/articles';

/**
 * The help center's articles as admins manage them: the shipped starter set (helpcenter/articles,
 * carried by the functions as lambdas/definitions/help-center-starter.json) with the admins' stored
 * revisions over it. An article never edited is its shipped file (version 1); the first change stores
 * it. Pure: no YAML, no Markdown, so the agent API can use it without the renderer.
 */

/** The placeholders an article may use, filled from the configuration. */
export const PLACEHOLDERS = ['shop.name', 'shop.returnDays', 'shop.helpUrl'] as const;

/** What an admin changes; the rest of an article is its identity (locale, id, slug) and its place (order). */
export interface ArticleContent {
  readonly title: string;
  /** Markdown; {{shop.name}}-style placeholders filled when rendered. */
  readonly body: string;
  readonly category: string;
  readonly intents: readonly string[];
  readonly tags: readonly string[];
}

export interface ArticleState extends ArticleContent {
  readonly locale: ArticleLocale;
  /** Links an article to its translations; unique per locale. */
  readonly id: string;
  /** The article's URL: /<locale>/<slug>/. Fixed once created, so links keep working. */
  readonly slug: string;
  readonly order: number;
  readonly published: boolean;
}

export const ARTICLE_CHANGES = ['shipped', 'create', 'edit', 'unpublish', 'publish', 'reorder', 'restore'] as const;
export type ArticleChange = (typeof ARTICLE_CHANGES)[number];

/** One version of an article: its whole state, who made it and how. */
export interface ArticleRevision extends ArticleState {
  readonly version: number;
  readonly change: ArticleChange;
  /** Absent on the shipped version: it comes from the repository. */
  readonly updatedAt?: string;
  readonly updatedBy?: string;
  /** A restore's source version. */
  readonly restoredFrom?: number;
}

/** A starter article as the functions carry it (the parsed file, without its path). */
export type StarterArticle = Omit<Article, 'file'>;

/** The shipped file as the article's first version. */
export function shippedRevision(a: StarterArticle): ArticleRevision {
  return {
    locale: a.locale,
    id: a.id,
    slug: a.slug,
    title: a.title,
    body: a.body,
    category: a.category,
    intents: [...a.intents],
    tags: [...a.tags],
    order: a.order,
    published: a.published,
    version: 1,
    change: 'shipped',
  };
}

/** Every article of a locale as it stands: the stored revision where there is one, else the shipped file. */
export function currentArticles(starter: readonly StarterArticle[], stored: readonly ArticleRevision[], locale: ArticleLocale): ArticleRevision[] {
  const byId = new Map<string, ArticleRevision>();
  for (const a of starter) if (a.locale === locale) byId.set(a.id, shippedRevision(a));
  for (const r of stored) if (r.locale === locale) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.category.localeCompare(b.category) || a.order - b.order || a.slug.localeCompare(b.slug));
}

/** A revision as the site's renderer takes it. */
export function siteArticle(r: ArticleRevision): Article {
  return {
    file: `helpcenter/articles/${r.locale}/${r.slug}.md`,
    locale: r.locale,
    slug: r.slug,
    id: r.id,
    title: r.title,
    category: r.category,
    intents: r.intents,
    tags: r.tags,
    order: r.order,
    published: r.published,
    body: r.body,
  };
}

/** Placeholders named in the text that the renderer does not know. */
export function unknownPlaceholders(text: string, known: readonly string[]): string[] {
  return [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]!).filter((name) => !known.includes(name));
}
