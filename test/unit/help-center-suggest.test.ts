import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP_CENTER_ARTICLES, readArticleSources } from '#definitions/help-center';
import { parseArticles } from '#helpcenter/article-files';
import type { ArticleLocale } from '#helpcenter/articles';
import { suggest, suggestEntry } from '#helpcenter/suggest';

/** The widget's suggestions over the starter articles, as the site's suggest.json holds them. */
const root = resolve(import.meta.dirname, '../..');
const articles = parseArticles(readArticleSources(join(root, HELP_CENTER_ARTICLES), root)).filter((a) => a.published);
const entries = (locale: ArticleLocale) =>
  articles.filter((a) => a.locale === locale).map((a) => suggestEntry(locale, { id: a.id, title: a.title, tags: a.tags, path: `${locale}/${a.slug}/` }));
const ids = (locale: ArticleLocale, text: string) => suggest(entries(locale), text, locale).map((e) => e.id);

describe("the chat widget's article suggestions", () => {
  it('suggests the tracking article first for a Turkish order question, with or without Turkish letters', () => {
    for (const text of ['kargom nerede', 'KARGOM NEREDE?', 'kargom nerede acaba ', 'siparişim nerede']) expect(ids('tr', text)[0], text).toBe('track-order');
  });

  it('suggests the shipping-cost article first for "kargo ücreti" and "kargo ucreti"', () => {
    expect(ids('tr', 'kargo ücreti ne kadar')[0]).toBe('shipping-cost');
    expect(ids('tr', 'kargo ucreti')[0]).toBe('shipping-cost');
  });

  it('suggests in English from the English articles', () => {
    expect(ids('en', 'where is my order')[0]).toBe('track-order');
  });

  it('suggests at most three, and nothing for a greeting or a half-typed word', () => {
    expect(ids('tr', 'kargo sipariş iade fatura ödeme').length).toBeLessThanOrEqual(3);
    expect(ids('tr', 'merhaba')).toEqual([]);
    expect(ids('tr', 'kar')).toEqual([]);
  });
});
