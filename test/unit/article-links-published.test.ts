import { describe, expect, it } from 'vitest';
import type { ArticleLinks } from '#helpcenter/articles';
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
