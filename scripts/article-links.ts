// Writes which help-center article the bot links for each intent (lambdas/definitions/bot/article-links.json)
// and the published articles' ids, slugs and titles (lambdas/definitions/help-articles.json: the help
// center's event route checks the article a page reports) from helpcenter/articles, so the bundles carry
// small maps, not the articles. test/unit/article-links.test.ts fails when a file is not what this script writes now.
//
//   npm run article-links
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELP_CENTER_ARTICLES, readArticleSources } from '#definitions/help-center';
import { loadIntents } from '#definitions/bot/load';
import { articleCatalogue, articleLinks, parseArticles } from '#helpcenter/articles';
import { projectRoot } from './aliases';

export const articleLinksPath = join(projectRoot, 'lambdas/definitions/bot/article-links.json');
export const articleCataloguePath = join(projectRoot, 'lambdas/definitions/help-articles.json');

const articles = () => parseArticles(readArticleSources(join(projectRoot, HELP_CENTER_ARTICLES), projectRoot), new Set(loadIntents().map((i) => i.name)));

export function articleLinksSource(): string {
  return `${JSON.stringify(articleLinks(articles()), null, 2)}\n`;
}

export function articleCatalogueSource(): string {
  return `${JSON.stringify(articleCatalogue(articles()), null, 1)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  writeFileSync(articleLinksPath, articleLinksSource());
  writeFileSync(articleCataloguePath, articleCatalogueSource());
  console.log(`wrote ${articleLinksPath} and ${articleCataloguePath}`);
}
