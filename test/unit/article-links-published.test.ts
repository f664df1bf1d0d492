import { describe, expect, it } from 'vitest';
import type { ArticleCatalogue, ArticleLinks } from '#helpcenter/articles';
import { catalogueArticles } from '#wiring/agent-api';
import { helpArticles, publishedLinks } from '#wiring/pipeline';

const shipped: ArticleLinks = { track_order: { tr: 'kargo-takibi', en: 'track-my-order' }, get_refund: { tr: 'para-iadesi' } };

describe("the bot's article link", () => {
  it('is the shipped one before the site was ever rendered', async () => {
    const articles = helpArticles(
      publishedLinks(async () => undefined, shipped),
      'https://shop.example/yardim',
    );
    expect(await articles.url('track_order', 'tr')).toBe('https://shop.example/yardim/tr/kargo-takibi/');
  });

  it('follows what the last rendering published: an unpublished article is no longer linked once the minute is over', async () => {
    let published: ArticleLinks = shipped;
    let reads = 0;
    let clock = 0;
    const links = publishedLinks(
      async () => (reads++, published),
      shipped,
      () => clock,
    );
    const articles = helpArticles(links, 'https://shop.example/yardim/');
    expect(await articles.url('get_refund', 'tr')).toBe('https://shop.example/yardim/tr/para-iadesi/');
    published = { track_order: shipped.track_order! };
    clock += 30_000;
    expect(await articles.url('get_refund', 'tr')).toBe('https://shop.example/yardim/tr/para-iadesi/');
    clock += 31_000;
    expect(await articles.url('get_refund', 'tr')).toBeUndefined();
    expect(await articles.url('track_order', 'en')).toBe('https://shop.example/yardim/en/track-my-order/');
    expect(reads).toBe(2);
  });
});

describe("the published articles the help center's event route and metrics know", () => {
  const shippedCatalogue: ArticleCatalogue = { tr: { 'track-order': { slug: 'kargo-takibi', title: 'Kargom nerede?' } } };

  it('are the shipped ones (help-articles.json) before the site was ever rendered', async () => {
    const articles = catalogueArticles(async () => undefined, shippedCatalogue);
    expect(await articles.find('tr', 'track-order')).toEqual({ slug: 'kargo-takibi', title: 'Kargom nerede?' });
    expect(await articles.find('tr', 'toString')).toBeUndefined();
  });

  it("follow the last rendering: an admin's new article is known, an unpublished one unknown, once the minute is over", async () => {
    let published: ArticleCatalogue = shippedCatalogue;
    let reads = 0;
    let clock = 0;
    const articles = catalogueArticles(
      async () => (reads++, published),
      shippedCatalogue,
      () => clock,
    );
    expect(await articles.find('tr', 'track-order')).toBeDefined();
    published = { tr: { 'gift-wrap': { slug: 'hediye-paketi', title: 'Hediye paketi' } } };
    clock += 30_000;
    expect(await articles.find('tr', 'gift-wrap')).toBeUndefined();
    clock += 31_000;
    expect(await articles.find('tr', 'gift-wrap')).toEqual({ slug: 'hediye-paketi', title: 'Hediye paketi' });
    expect(await articles.find('tr', 'track-order')).toBeUndefined();
    expect(reads).toBe(2);
  });
});
