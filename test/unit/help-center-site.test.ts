import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import MiniSearch from 'minisearch';
import { parseArticles, parseCategories } from '#helpcenter/article-files';
import { buildSite, themedCss, type SiteSettings } from '#helpcenter/site';
import { indexOptions } from '#helpcenter/search-index';
import { searchTerms } from '#helpcenter/search-text';
import { readArticleSources } from '#definitions/help-center';

const root = resolve(import.meta.dirname, '../..');
const fixtureDir = resolve(root, 'test/fixtures/helpcenter');
const articles = parseArticles(readArticleSources(resolve(fixtureDir, 'articles'), root));
const categories = parseCategories('categories.yaml', readFileSync(resolve(fixtureDir, 'categories.yaml'), 'utf8'));
const settings: SiteSettings = {
  baseUrl: 'https://help.shop.example/yardim/',
  shop: { name: 'Demo <Mağaza>', returnDays: 14, helpUrl: 'https://shop.example/iade' },
  defaultLocale: 'tr',
  color: '#7a1f2b',
  contactHref: 'mailto:destek@shop.example',
  chat: { widgetUrl: 'https://cdn.example/widget.js', apiUrl: 'https://api.example' },
};
const site = buildSite(articles, categories, settings, { css: 'body{}', js: 'void 0' });
const file = (path: string) => {
  const content = site.get(path);
  if (content === undefined) throw new Error(`no ${path} in ${[...site.keys()].join(', ')}`);
  return content;
};
const jsonLdOf = (html: string) => JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);

describe('the help center site', () => {
  it('has an index per locale, one page per published article at a clean URL, the search indexes, sitemap, robots and 404', () => {
    expect([...site.keys()].filter((k) => k.endsWith('.html')).sort()).toEqual([
      '404.html',
      'en/index.html',
      'en/returns/index.html',
      'en/shipping-cost/index.html',
      'en/track-your-order/index.html',
      'index.html',
      'tr/iade-kosullari/index.html',
      'tr/index.html',
      'tr/kargo-takibi/index.html',
      'tr/kargo-ucreti/index.html',
    ]);
    expect(site.has('tr/search-index.json') && site.has('en/search-index.json') && site.has('sitemap.xml') && site.has('robots.txt')).toBe(true);
    expect(file('robots.txt')).toContain('Sitemap: https://help.shop.example/yardim/sitemap.xml');
  });

  it('an article page links its translations with hreflang (absolute URLs, x-default the default locale) and is canonical', () => {
    const html = file('en/track-your-order/index.html');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<link rel="canonical" href="https://help.shop.example/yardim/en/track-your-order/">');
    expect(html).toContain('<link rel="alternate" hreflang="tr" href="https://help.shop.example/yardim/tr/kargo-takibi/">');
    expect(html).toContain('<link rel="alternate" hreflang="en" href="https://help.shop.example/yardim/en/track-your-order/">');
    expect(html).toContain('<link rel="alternate" hreflang="x-default" href="https://help.shop.example/yardim/tr/kargo-takibi/">');
    expect(html).toMatch(/<a class="lang" href="https:\/\/help\.shop\.example\/yardim\/tr\/kargo-takibi\/" hreflang="tr" lang="tr">Türkçe<\/a>/);
  });

  it('an article page carries FAQPage structured data with the question and its answer', () => {
    const ld = jsonLdOf(file('tr/iade-kosullari/index.html'));
    expect(ld).toMatchObject({ '@context': 'https://schema.org', '@type': 'FAQPage', inLanguage: 'tr' });
    expect(ld.mainEntity).toEqual([
      {
        '@type': 'Question',
        name: 'Ürünü nasıl iade ederim?',
        acceptedAnswer: { '@type': 'Answer', text: expect.stringContaining('<strong>14 gün</strong>') },
      },
    ]);
  });

  it('raw HTML in an article is shown as text, never run, and the JSON-LD cannot close its script element', () => {
    const html = file('tr/kargo-ucreti/index.html');
    expect(html).not.toContain("<script>alert('x')</script>");
    expect(html).toContain('&lt;script&gt;alert(');
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!;
    expect(ld).not.toMatch(/[<>]/);
    expect(jsonLdOf(html).mainEntity[0].acceptedAnswer.text).toContain('&lt;script&gt;');
  });

  it("the shop's name is escaped everywhere, and placeholders are filled from the configuration", () => {
    const html = file('tr/iade-kosullari/index.html');
    expect(html).toContain('Demo &lt;Mağaza&gt; <span>Yardım Merkezi</span>');
    expect(html).not.toContain('Demo <Mağaza>');
    expect(html).toContain('<strong>14 gün</strong>');
    expect(html).toContain('<a href="https://shop.example/iade">');
    expect(html).not.toContain('{{');
  });

  it('a locale index lists categories in the configured order, each with its articles in order', () => {
    const html = file('tr/index.html');
    const cargo = html.indexOf('Kargo ve teslimat');
    const returns = html.indexOf('İade ve değişim');
    expect(cargo).toBeGreaterThan(0);
    expect(returns).toBeGreaterThan(cargo);
    expect(html.indexOf('/yardim/tr/kargo-takibi/')).toBeLessThan(html.indexOf('/yardim/tr/kargo-ucreti/'));
  });

  it('an unpublished article is in no page, not in the sitemap and not in the search index', () => {
    expect([...site.keys()].some((k) => k.includes('gizli-kampanya'))).toBe(false);
    for (const [path, content] of site) {
      if (path.startsWith('assets/')) continue;
      expect(content, path).not.toMatch(/zürafa|zurafa|gizli-kampanya|secret-campaign/i);
    }
    const index = MiniSearch.loadJSON(file('tr/search-index.json'), indexOptions('tr'));
    expect(index.documentCount).toBe(3);
    expect(index.search('zürafa')).toEqual([]);
  });

  it('a translation that is unpublished is no alternate of the one that is published', () => {
    const tracking = articles.filter((a) => a.id === 'track-order').map((a) => (a.locale === 'tr' ? { ...a, published: false } : a));
    const files = buildSite(tracking, categories, settings, { css: '', js: '' });
    const html = files.get('en/track-your-order/index.html')!;
    expect(html).toContain('hreflang="en"');
    expect(html).not.toContain('hreflang="tr"');
    // English is then the site's only locale, so also its default.
    expect(html).toContain('<link rel="alternate" hreflang="x-default" href="https://help.shop.example/yardim/en/track-your-order/">');
    expect(files.has('tr/kargo-takibi/index.html')).toBe(false);
  });

  it('the sitemap lists every published page with its alternates', () => {
    const xml = file('sitemap.xml');
    expect(xml.match(/<loc>/g)).toHaveLength(8);
    expect(xml).toContain(
      '<url><loc>https://help.shop.example/yardim/tr/kargo-takibi/</loc><xhtml:link rel="alternate" hreflang="en" href="https://help.shop.example/yardim/en/track-your-order/"/><xhtml:link rel="alternate" hreflang="tr" href="https://help.shop.example/yardim/tr/kargo-takibi/"/></url>',
    );
  });

  it('every page loads its script and stylesheet as files (no inline code) and tells the script where the chat settings are', () => {
    for (const [path, html] of site) {
      if (!path.endsWith('.html')) continue;
      expect(html, path).not.toMatch(/<style|style="|<script(?![^>]*(src=|type="application\/ld\+json"))/);
      expect(html, path).toMatch(
        /<script src="\/yardim\/assets\/help\.[0-9a-f]{10}\.js" defer data-locale="(tr|en)" data-index="\/yardim\/(tr|en)\/search-index\.json" data-chat="\/yardim\/chat\.json"><\/script>/,
      );
      expect(html, path).toContain('<a class="chat" id="open-chat" href="mailto:destek@shop.example">');
    }
    expect(JSON.parse(file('chat.json'))).toEqual({ widgetUrl: 'https://cdn.example/widget.js', apiUrl: 'https://api.example' });
    expect(buildSite(articles, categories, { ...settings, chat: undefined }, { css: '', js: '' }).has('chat.json')).toBe(false);
  });

  it('an article page asks "Did this help?" in a form that posts to the site\'s events path without JavaScript', () => {
    const html = file('tr/kargo-takibi/index.html');
    const form = /<form id="feedback" method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(html)!;
    expect(form[1]).toBe('/yardim/events');
    expect(form[2]).toContain('<input type="hidden" name="locale" value="tr">');
    expect(form[2]).toContain('<input type="hidden" name="article" value="track-order">');
    expect(form[2]).toContain('<input type="hidden" name="page" value="1">');
    expect(form[2]).toContain('<button type="submit" name="event" value="helpful">Evet</button>');
    expect(form[2]).toContain('<button type="submit" name="event" value="not_helpful">Hayır</button>');
    expect(html).toContain('<p id="feedback-thanks" class="thanks" role="status">');
    expect(file('tr/index.html')).not.toContain('id="feedback"');
  });

  it("publishes the widget's suggestion index per locale: published articles only, title and tag terms folded and stemmed", () => {
    const tr = JSON.parse(file('tr/suggest.json')) as { id: string; title: string; path: string; t: string; k: string }[];
    expect(tr.map((e) => e.path)).not.toContain('tr/gizli-kampanya/');
    const tracking = tr.find((e) => e.path === 'tr/kargo-takibi/')!;
    expect(tracking).toMatchObject({ id: 'track-order', title: 'Kargom nerede? Siparişimi nasıl takip ederim?' });
    // The terms a typed "kargom nerede" becomes (the widget processes it the same way).
    expect(tracking.t.split(' ')).toEqual(expect.arrayContaining(searchTerms('kargom nerede', 'tr')));
    expect(JSON.parse(file('en/suggest.json')).every((e: { path: string }) => e.path.startsWith('en/'))).toBe(true);
  });

  it("the stylesheet carries the shop's colour with text that reads on it", () => {
    expect(themedCss('', '#7a1f2b')).toContain('--accent:#7a1f2b;--on-accent:#ffffff');
    expect(themedCss('', '#f2c14e')).toContain('--on-accent:#111111');
    expect(() => themedCss('', 'red')).toThrow(/#rrggbb/);
  });
});
