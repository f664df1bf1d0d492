// Writes what the functions carry of helpcenter/: which article the bot links for each intent
// (lambdas/definitions/bot/article-links.json, a small map for the pipeline's bundle), the shipped
// articles' ids, slugs and titles (lambdas/definitions/help-articles.json: the help center's event route
// checks the article a page reports) and the starter set itself, parsed
// (lambdas/definitions/help-center-starter.json: the admins' articles and the site publisher start from
// it; an article never edited is served from it).
// test/unit/article-links.test.ts fails when a file is not what this script writes now.
//
//   npm run article-links
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELP_CENTER_ARTICLES, HELP_CENTER_CATEGORIES, readArticleSources } from '#definitions/help-center';
import { loadIntents } from '#definitions/bot/load';
import { parseArticles, parseCategories } from '#helpcenter/article-files';
import { articleCatalogue, articleLinks } from '#helpcenter/articles';
import { projectRoot } from './aliases';

export const articleLinksPath = join(projectRoot, 'lambdas/definitions/bot/article-links.json');
export const articleCataloguePath = join(projectRoot, 'lambdas/definitions/help-articles.json');
export const starterPath = join(projectRoot, 'lambdas/definitions/help-center-starter.json');

const shippedArticles = () =>
  parseArticles(readArticleSources(join(projectRoot, HELP_CENTER_ARTICLES), projectRoot), new Set(loadIntents().map((i) => i.name)));

export function articleLinksSource(): string {
  return `${JSON.stringify(articleLinks(shippedArticles()), null, 2)}\n`;
}

export function articleCatalogueSource(): string {
  return `${JSON.stringify(articleCatalogue(shippedArticles()), null, 1)}\n`;
}

export function starterSource(): string {
  const file = join(projectRoot, HELP_CENTER_CATEGORIES);
  const categories = existsSync(file) ? parseCategories(HELP_CENTER_CATEGORIES, readFileSync(file, 'utf8')) : {};
  const articles = shippedArticles().map(({ file: _file, ...a }) => a);
  return `${JSON.stringify({ categories, articles })}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  writeFileSync(articleLinksPath, articleLinksSource());
  writeFileSync(articleCataloguePath, articleCatalogueSource());
  writeFileSync(starterPath, starterSource());
  console.log(`wrote ${articleLinksPath}, ${articleCataloguePath} and ${starterPath}`);
}
