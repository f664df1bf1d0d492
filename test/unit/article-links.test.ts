import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { articleLinks, type Article } from '#helpcenter/articles';
import { articleCataloguePath, articleCatalogueSource, articleLinksPath, articleLinksSource, starterPath, starterSource } from '#scripts/article-links';

const article = (over: Partial<Article>): Article => ({
  file: 'x.md',
  locale: 'tr',
  slug: 'x',
  id: 'x',
  title: 'x',
  category: 'c',
  intents: [],
  tags: [],
  order: 10,
  published: true,
  body: '',
  ...over,
});

describe('the article the bot links for an intent', () => {
  it('is the published article whose main subject the intent is, then the lowest order', () => {
    const links = articleLinks([
      article({ slug: 'gizlilik', intents: ['review', 'delete_account'], order: 5 }),
      article({ slug: 'hesap-silme', intents: ['delete_account'], order: 40 }),
      article({ slug: 'eski', intents: ['delete_account'], order: 1, published: false }),
      article({ slug: 'delete-account', locale: 'en', intents: ['delete_account'] }),
    ]);
    expect(links.delete_account).toEqual({ tr: 'hesap-silme', en: 'delete-account' });
    expect(links.review).toEqual({ tr: 'gizlilik' });
  });

  it('is committed as `npm run article-links` writes it from helpcenter/articles', () => {
    expect(readFileSync(articleLinksPath, 'utf8') === articleLinksSource(), 'run `npm run article-links` and commit the result').toBe(true);
  });

  it("comes with the published articles' ids, slugs and titles (help-articles.json) as `npm run article-links` writes them", () => {
    expect(readFileSync(articleCataloguePath, 'utf8') === articleCatalogueSource(), 'run `npm run article-links` and commit the result').toBe(true);
  });
});

describe('the starter set the functions carry', () => {
  it('is committed as `npm run article-links` writes it from helpcenter/articles and categories.yaml', () => {
    expect(readFileSync(starterPath, 'utf8') === starterSource(), 'run `npm run article-links` and commit the result').toBe(true);
  });
});
