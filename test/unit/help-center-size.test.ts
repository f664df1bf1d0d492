import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import type { Article } from '#helpcenter/articles';
import { buildSite, type SiteSettings } from '#helpcenter/site';
import { buildHelpCenter, bundleHelpScript, HELP_CENTER_MAX_PAGE_GZIP_BYTES } from '#definitions/help-center';

const root = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'destek-help-size-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const settings: SiteSettings = {
  baseUrl: 'http://127.0.0.1:8428/help/',
  shop: { name: 'Demo Mağaza', returnDays: 14, helpUrl: 'https://shop.example/yardim' },
  defaultLocale: 'tr',
  contactHref: 'mailto:destek@shop.example',
  chat: { widgetUrl: '/widget.js', apiUrl: 'http://127.0.0.1:8420' },
};

/** What one page costs a visitor, gzipped: the HTML, the stylesheet and script it loads, and its locale's search index. */
function pageWeights(files: ReadonlyMap<string, string>): Map<string, number> {
  const gz = (s: string) => gzipSync(s, { level: 9 }).length;
  const weights = new Map<string, number>();
  for (const [path, html] of files) {
    if (!path.endsWith('.html')) continue;
    const assets = [...html.matchAll(/(?:href|src|data-index)="\/help\/([^"]+\.(?:css|js|json))"/g)].map((m) => m[1]!);
    expect(assets.filter((a) => a.endsWith('.css'))).toHaveLength(1);
    expect(assets.filter((a) => a.endsWith('.js'))).toHaveLength(1);
    expect(assets.filter((a) => a.endsWith('search-index.json'))).toHaveLength(1);
    weights.set(path, gz(html) + assets.reduce((sum, a) => sum + gz(files.get(a)!), 0));
  }
  return weights;
}

it('every page of the fixture site, with everything it loads, is under 50 kB gzipped', async () => {
  const written = await buildHelpCenter({
    projectRoot: root,
    outDir: out,
    articlesDir: resolve(root, 'test/fixtures/helpcenter/articles'),
    categoriesFile: resolve(root, 'test/fixtures/helpcenter/categories.yaml'),
    settings,
  });
  const files = new Map(written.map((p) => [p, readFileSync(join(out, p), 'utf8')] as const));
  const weights = pageWeights(files);
  expect(weights.size).toBe(10);
  for (const [path, bytes] of weights) expect(bytes, path).toBeLessThan(HELP_CENTER_MAX_PAGE_GZIP_BYTES);
});

it('a starter-sized site (40 articles of 300 words per locale) stays under 50 kB a page, search index included', async () => {
  // A vocabulary of 2,000 made-up words (real articles repeat far fewer), so the index is as large as real text makes it.
  const syllables = ['ka', 'ri', 'şe', 'mo', 'tü', 'lan', 'gör', 'siz', 'ıp', 'de', 'nu', 'ça', 'ver', 'öl', 'bi', 'ya', 'ten', 'ğu', 'ma', 'ro'];
  const words = Array.from({ length: 2000 }, (_, i) => `${syllables[i % 20]}${syllables[Math.floor(i / 20) % 20]}${syllables[Math.floor(i / 400) % 20]}`);
  const articles: Article[] = ['tr', 'en'].flatMap((locale) =>
    Array.from({ length: 40 }, (_, i) => ({
      file: `x/${locale}/a-${i}.md`,
      locale: locale as 'tr' | 'en',
      slug: `makale-${i}`,
      id: `a-${i}`,
      title: `Yazı ${i}: ${words[i % words.length]} hakkında sık sorulan bir soru`,
      category: `kategori-${i % 8}`,
      intents: [],
      tags: [words[i % words.length]!, words[(i + 3) % words.length]!],
      order: i,
      published: true,
      body: Array.from({ length: 300 }, (_, w) => words[(w * 37 + i * 101) % words.length]).join(' '),
    })),
  );
  const js = await bundleHelpScript(root);
  const css = readFileSync(resolve(root, 'helpcenter/src/site.css'), 'utf8');
  const weights = pageWeights(buildSite(articles, {}, settings, { css, js }));
  const heaviest = Math.max(...weights.values());
  expect(heaviest).toBeLessThan(HELP_CENTER_MAX_PAGE_GZIP_BYTES);
});
