// Writes which help-center article the bot links for each intent (lambdas/definitions/bot/article-links.json)
// from helpcenter/articles, so the pipeline's bundle carries a small map, not the articles.
// test/unit/article-links.test.ts fails when the file is not what this script writes now.
//
//   npm run article-links
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELP_CENTER_ARTICLES, readArticleSources } from '#definitions/help-center';
import { loadIntents } from '#definitions/bot/load';
import { articleLinks, parseArticles } from '#helpcenter/articles';
import { projectRoot } from './aliases';

export const articleLinksPath = join(projectRoot, 'lambdas/definitions/bot/article-links.json');

export function articleLinksSource(): string {
  const articles = parseArticles(readArticleSources(join(projectRoot, HELP_CENTER_ARTICLES), projectRoot), new Set(loadIntents().map((i) => i.name)));
  return `${JSON.stringify(articleLinks(articles), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  writeFileSync(articleLinksPath, articleLinksSource());
  console.log(`wrote ${articleLinksPath}`);
}
