/**
 * Help center articles: `helpcenter/articles/<locale>/<slug>.md`, YAML front matter and a Markdown
 * body, read by article-files.ts (at build, with the YAML parser and the schemas the running
 * functions need not load); what is known of an article once read, and what is made of them.
 */
import { ARTICLE_LOCALES, type ArticleLocale } from './locales';

export { ARTICLE_LOCALES, type ArticleLocale };

export interface Article {
  readonly file: string;
  readonly locale: ArticleLocale;
  /** From the file name: the article's URL is /<locale>/<slug>/. */
  readonly slug: string;
  readonly id: string;
  readonly title: string;
  readonly category: string;
  readonly intents: readonly string[];
  readonly tags: readonly string[];
  readonly order: number;
  readonly published: boolean;
  /** Markdown, placeholders still in it. */
  readonly body: string;
}

/** Every problem found in the articles, each naming its file (and field where there is one). */
export class ArticleValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length} problem(s) in the help center articles:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ArticleValidationError';
  }
}

export { PLACEHOLDERS } from '#helpcenter/library';

/** Placeholders replaced by the shop's values. */
export function fillPlaceholders(text: string, shop: { readonly name: string; readonly returnDays: number; readonly helpUrl: string }): string {
  const values: Record<string, string> = { 'shop.name': shop.name, 'shop.returnDays': String(shop.returnDays), 'shop.helpUrl': shop.helpUrl };
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Per intent and locale, the slug of the article that answers it: the page the bot's answer links. */
export type ArticleLinks = Readonly<Record<string, Readonly<Partial<Record<ArticleLocale, string>>>>>;

/**
 * Which article the bot links for each intent: among the published articles naming the intent, the
 * one that names it first (its main subject), then the lowest `order`, then the slug.
 */
export function articleLinks(articles: readonly Article[]): ArticleLinks {
  const rank = (a: Article, intent: string) => [a.intents.indexOf(intent), a.order, a.slug] as const;
  const links: Record<string, Partial<Record<ArticleLocale, string>>> = {};
  const published = articles.filter((a) => a.published);
  const intents = [...new Set(published.flatMap((a) => a.intents))].sort();
  for (const intent of intents) {
    for (const locale of ARTICLE_LOCALES) {
      const best = published
        .filter((a) => a.locale === locale && a.intents.includes(intent))
        .sort((x, y) => {
          const [a, b] = [rank(x, intent), rank(y, intent)];
          return a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]);
        })[0];
      if (best) (links[intent] ??= {})[locale] = best.slug;
    }
  }
  return links;
}

/** The published articles as the API knows them: per locale, article id → its page's slug and title (placeholders unfilled). */
export type ArticleCatalogue = Partial<Record<ArticleLocale, Record<string, { readonly slug: string; readonly title: string }>>>;

export function articleCatalogue(articles: readonly Article[]): ArticleCatalogue {
  const catalogue: Partial<Record<ArticleLocale, Record<string, { slug: string; title: string }>>> = {};
  for (const a of [...articles].filter((x) => x.published).sort((x, y) => x.locale.localeCompare(y.locale) || x.id.localeCompare(y.id))) {
    (catalogue[a.locale] ??= {})[a.id] = { slug: a.slug, title: a.title };
  }
  return catalogue;
}
