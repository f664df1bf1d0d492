import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { type Article, type ArticleLocale, ARTICLE_LOCALES, ArticleValidationError, PLACEHOLDERS } from '#helpcenter/articles';
import type { Categories } from '#helpcenter/site';

/**
 * Reading the articles' files (`helpcenter/articles/<locale>/<slug>.md`: YAML front matter and a
 * Markdown body) and the categories' file: everything is checked before anything is rendered, and
 * every problem is reported with its file and field, so a shop editing an article learns exactly what
 * to fix. Build time only (the CDK app, scripts): the functions render what they read from the table.
 */

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase ASCII words joined by "-"');

export const frontMatterSchema = z
  .object({
    /** The same in every locale: it links an article to its translations. */
    id: slug,
    title: z.string().trim().min(1).max(200),
    /** The category's slug in the article's locale. */
    category: slug,
    /** The bot intents the article answers (names from the bot definition). */
    intents: z.array(z.string().regex(/^[a-z_]+$/, 'an intent name such as track_order')).default([]),
    tags: z.array(z.string().trim().min(1).max(60)).default([]),
    /** Position within its category. */
    order: z.number().int().min(0),
    /** false keeps the article out of the pages, the sitemap and the search index. */
    published: z.boolean().default(true),
  })
  .strict();

export interface ArticleSource {
  /** The path as the author knows it (helpcenter/articles/tr/kargo-takibi.md): errors name it. */
  readonly file: string;
  readonly text: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;
const PATH = /(?:^|\/)(?<locale>[^/]+)\/(?<slug>[^/]+)\.md$/;

/** One file: its article, or the problems found in it. */
export function parseArticle(source: ArticleSource, knownIntents?: ReadonlySet<string>): { article?: Article; problems: string[] } {
  const where = source.file;
  const path = PATH.exec(source.file)?.groups;
  const problems: string[] = [];
  const locale = path?.locale as ArticleLocale | undefined;
  if (!locale || !(ARTICLE_LOCALES as readonly string[]).includes(locale))
    problems.push(`${where}: the folder must be a locale (${ARTICLE_LOCALES.join(', ')})`);
  if (path?.slug && !slug.safeParse(path.slug).success) problems.push(`${where}: the file name must be a slug (lowercase ASCII words joined by "-")`);
  const parts = FRONT_MATTER.exec(source.text.replace(/^\uFEFF/, ''));
  if (!parts) return { problems: [...problems, `${where}: no front matter (the file must start with a "---" line, the YAML, and a "---" line)`] };
  let data: unknown;
  try {
    data = parseYaml(parts[1]!);
  } catch (e) {
    return { problems: [...problems, `${where}: the front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}`] };
  }
  const parsed = frontMatterSchema.safeParse(data ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.length ? `"${issue.path.join('.')}"` : 'front matter';
      const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.map((k) => `"${k}"`).join(', ')})` : '';
      problems.push(`${where}: ${field}: ${issue.message}${keys}`);
    }
  }
  const body = parts[2]!.trim();
  if (!body) problems.push(`${where}: the body is empty`);
  for (const [, name] of `${body}\n${parsed.data?.title ?? ''}`.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(name!)) problems.push(`${where}: unknown placeholder {{${name}}} (known: ${PLACEHOLDERS.join(', ')})`);
  }
  for (const intent of parsed.data?.intents ?? []) {
    if (knownIntents && !knownIntents.has(intent)) problems.push(`${where}: "intents": ${intent} is not an intent of the bot definition`);
  }
  if (problems.length || !parsed.success || !locale || !path?.slug) return { problems };
  return { article: { file: where, locale, slug: path.slug, ...parsed.data, body }, problems };
}

/** All files at once: each valid alone, and no two alike where they must differ. Throws ArticleValidationError. */
export function parseArticles(sources: readonly ArticleSource[], knownIntents?: ReadonlySet<string>): Article[] {
  const problems: string[] = [];
  const articles: Article[] = [];
  for (const source of sources) {
    const r = parseArticle(source, knownIntents);
    problems.push(...r.problems);
    if (r.article) articles.push(r.article);
  }
  const seen = new Map<string, string>();
  for (const a of articles) {
    const key = `${a.locale}/${a.id}`;
    const other = seen.get(key);
    if (other) problems.push(`${a.file}: "id": ${a.id} is also the id of ${other} (one article per id and locale)`);
    else seen.set(key, a.file);
  }
  if (problems.length) throw new ArticleValidationError(problems);
  return articles;
}

/** Category titles and order per locale (helpcenter/categories.yaml); a category missing there gets a title from its slug. */
export const categoriesSchema = z.partialRecord(
  z.enum(ARTICLE_LOCALES),
  z.array(z.object({ slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/), title: z.string().trim().min(1).max(100) }).strict()),
);
export function parseCategories(file: string, text: string): Categories {
  const parsed = categoriesSchema.safeParse(parseYaml(text) ?? {});
  if (!parsed.success) throw new ArticleValidationError(parsed.error.issues.map((i) => `${file}: "${i.path.join('.')}": ${i.message}`));
  return parsed.data;
}
