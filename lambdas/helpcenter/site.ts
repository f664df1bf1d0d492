import { createHash } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import { type Article, type ArticleLocale, ARTICLE_LOCALES, fillPlaceholders } from '#helpcenter/articles';
import {
  articleMain,
  CHAT_SETTINGS_FILE,
  EVENTS_PATH,
  escapeHtml,
  faqJsonLd,
  indexMain,
  page,
  type PageFrame,
  SITE_TEXTS,
  SUGGEST_FILE,
} from '#helpcenter/render';
import { buildSearchIndex, type SearchDocument } from '#helpcenter/search-index';
import { suggestEntry, type SuggestEntry } from '#helpcenter/suggest';

/**
 * The whole static help center as files (path → content): per locale an index page and one page per
 * published article at /<locale>/<slug>/, a search index per locale, sitemap.xml, robots.txt, a 404
 * page, and the stylesheet and script under content-hashed names. Pure: the caller writes the files.
 */
export interface SiteSettings {
  /** Where the site is served, absolute (https://help.shop.example/ or http://127.0.0.1:8428/help/). */
  readonly baseUrl: string;
  readonly shop: { readonly name: string; readonly returnDays: number; readonly helpUrl: string };
  readonly defaultLocale: ArticleLocale;
  /** The accent colour (#rrggbb): the header's background; its text is black or white, whichever reads better. */
  readonly color?: string;
  /** "Still need help?" without JavaScript (a mailto: or a contact page); help.js opens the chat instead. */
  readonly contactHref: string;
  /**
   * The chat widget "still need help?" opens (loaded only when a visitor asks for it), written to
   * chat.json; absent when the deployment writes that file itself.
   */
  readonly chat?: ChatSettings;
}

/** Category titles and order per locale (helpcenter/categories.yaml, read by article-files.ts); a category missing there gets a title from its slug. */
export type Categories = Partial<Record<ArticleLocale, readonly { readonly slug: string; readonly title: string }[]>>;

/** chat.json: what help.js needs to load and open the chat widget. */
export interface ChatSettings {
  readonly widgetUrl: string;
  readonly apiUrl: string;
}

export const DEFAULT_COLOR = '#1f5f8b';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

const hashOf = (content: string): string => createHash('sha256').update(content).digest('hex').slice(0, 10);

/** The stylesheet with the shop's colour and a text colour that reads on it (WCAG relative luminance). */
export function themedCss(css: string, color = DEFAULT_COLOR): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) throw new Error(`helpCenter.color must be #rrggbb, got ${color}`);
  const channel = (i: number) => {
    const c = Number.parseInt(color.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  // Contrast with white is 1.05/(L+0.05), with black (L+0.05)/0.05: take the larger.
  const onAccent = 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#111111';
  return `:root{--accent:${color.toLowerCase()};--on-accent:${onAccent}}\n${css}`;
}

const humanise = (slug: string) => slug.replace(/-/g, ' ').replace(/^./, (c) => c.toLocaleUpperCase('tr'));

/** Plain text of rendered HTML, for the search index and descriptions. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!)
    .replace(/\s+/g, ' ')
    .trim();

const excerptOf = (text: string, max = 160) => (text.length <= max ? text : `${text.slice(0, text.lastIndexOf(' ', max - 1)).replace(/[\s,.;:]+$/, '')}…`);

/** Where a site built earlier put its stylesheet and script: a rebuild of the pages alone links them (the site publisher). */
export interface SiteAssetPaths {
  readonly cssPath: string;
  readonly jsPath: string;
}

export function buildSite(
  allArticles: readonly Article[],
  categories: Categories,
  settings: SiteSettings,
  assets: { readonly css: string; readonly js: string } | SiteAssetPaths,
): Map<string, string> {
  const files = new Map<string, string>();
  const base = new URL(settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`);
  const basePath = base.pathname;
  const abs = (path: string) => new URL(path, base).href;
  const { cssPath, jsPath } = 'cssPath' in assets ? assets : assetFiles(files, assets, settings.color);

  const articles = allArticles.filter((a) => a.published);
  const locales = ARTICLE_LOCALES.filter((l) => articles.some((a) => a.locale === l));
  const defaultLocale = locales.includes(settings.defaultLocale) ? settings.defaultLocale : (locales[0] ?? settings.defaultLocale);
  const pathOf = (a: Article) => `${a.locale}/${a.slug}/`;
  const translations = (a: Article) => articles.filter((b) => b.id === a.id).sort((x, y) => x.locale.localeCompare(y.locale));
  const frame = (locale: ArticleLocale, canonical: string | undefined, alternates: PageFrame['alternates']): PageFrame => ({
    locale,
    shopName: settings.shop.name,
    basePath,
    ...(canonical ? { canonical } : {}),
    alternates,
    defaultLocale,
    contactHref: settings.contactHref,
    assets: { css: cssPath, js: jsPath },
  });
  const sitemap: { loc: string; alternates: PageFrame['alternates'] }[] = [];
  const localeHomes = locales.map((l) => ({ locale: l, href: abs(`${l}/`) }));

  for (const locale of locales) {
    const mine = articles.filter((a) => a.locale === locale);
    const known = categories[locale] ?? [];
    const used = [...new Set(mine.map((a) => a.category))];
    const ordered = [
      ...known.filter((c) => used.includes(c.slug)),
      ...used
        .filter((s) => !known.some((c) => c.slug === s))
        .sort()
        .map((slug) => ({ slug, title: humanise(slug) })),
    ];
    const byCategory = ordered.map((c) => ({
      ...c,
      articles: mine.filter((a) => a.category === c.slug).sort((a, b) => a.order - b.order || a.title.localeCompare(b.title, locale)),
    }));
    const home = `${basePath}${locale}/`;
    const titleOf = (a: Article) => fillPlaceholders(a.title, settings.shop);
    const documents: SearchDocument[] = [];
    const suggestions: SuggestEntry[] = [];

    for (const c of byCategory) {
      for (const a of c.articles) {
        const title = titleOf(a);
        const html = markdown.render(fillPlaceholders(a.body, settings.shop));
        const text = textOf(html);
        const url = abs(pathOf(a));
        const alternates = translations(a).map((b) => ({ locale: b.locale, href: abs(pathOf(b)) }));
        const main = articleMain(locale, {
          title,
          bodyHtml: html,
          home,
          category: { title: c.title, href: `${home}#c-${c.slug}` },
          related: c.articles.filter((b) => b !== a).map((b) => ({ title: titleOf(b), href: `${basePath}${pathOf(b)}` })),
          feedback: { action: `${basePath}${EVENTS_PATH}`, article: a.id },
        });
        files.set(
          `${pathOf(a)}index.html`,
          page(frame(locale, url, alternates), {
            title,
            description: excerptOf(text),
            main,
            jsonLd: faqJsonLd({ title, answerHtml: html.trim(), url, locale }),
          }),
        );
        sitemap.push({ loc: url, alternates });
        suggestions.push(suggestEntry(locale, { id: a.id, title, tags: a.tags, path: pathOf(a) }));
        documents.push({ id: a.id, title, category: c.title, tags: a.tags.join(' '), text, path: pathOf(a), excerpt: excerptOf(text, 120) });
      }
    }
    const index = indexMain(
      locale,
      settings.shop.name,
      byCategory.map((c) => ({ title: c.title, slug: c.slug, articles: c.articles.map((a) => ({ title: titleOf(a), href: `${basePath}${pathOf(a)}` })) })),
    );
    files.set(`${locale}/index.html`, page(frame(locale, abs(`${locale}/`), localeHomes), { title: SITE_TEXTS[locale].helpCenter, main: index }));
    files.set(`${locale}/search-index.json`, buildSearchIndex(locale, documents));
    files.set(`${locale}/${SUGGEST_FILE}`, JSON.stringify(suggestions));
    sitemap.push({ loc: abs(`${locale}/`), alternates: localeHomes });
  }

  const rootLocale = defaultLocale;
  const choose = `<h1>${escapeHtml(settings.shop.name)} ${SITE_TEXTS[rootLocale].helpCenter}</h1>\n<ul class="locales">${locales
    .map((l) => `<li><a href="${basePath}${l}/" hreflang="${l}" lang="${l}">${SITE_TEXTS[l].helpCenter} (${SITE_TEXTS[l].language})</a></li>`)
    .join('')}</ul>`;
  files.set('index.html', page(frame(rootLocale, abs(''), localeHomes), { title: SITE_TEXTS[rootLocale].helpCenter, main: choose }));
  const t = SITE_TEXTS[rootLocale];
  files.set(
    '404.html',
    page(frame(rootLocale, undefined, []), { title: t.notFound, main: `<h1>${t.notFound}</h1>\n<p>${t.notFoundText} <a href="${basePath}">${t.home}</a></p>` }),
  );
  if (settings.chat) files.set(CHAT_SETTINGS_FILE, JSON.stringify(settings.chat));
  files.set('sitemap.xml', sitemapXml(sitemap));
  files.set('robots.txt', `User-agent: *\nAllow: /\nSitemap: ${abs('sitemap.xml')}\n`);
  return files;
}

/** The stylesheet (with the shop's colour) and the script under content-hashed names, added to the files. */
function assetFiles(files: Map<string, string>, assets: { readonly css: string; readonly js: string }, color: string | undefined): SiteAssetPaths {
  const css = themedCss(assets.css, color);
  const paths = { cssPath: `assets/site.${hashOf(css)}.css`, jsPath: `assets/help.${hashOf(assets.js)}.js` };
  files.set(paths.cssPath, css);
  files.set(paths.jsPath, assets.js);
  return paths;
}

function sitemapXml(entries: readonly { loc: string; alternates: PageFrame['alternates'] }[]): string {
  const url = (e: (typeof entries)[number]) =>
    `<url><loc>${escapeHtml(e.loc)}</loc>${e.alternates
      .map((a) => `<xhtml:link rel="alternate" hreflang="${a.locale}" href="${escapeHtml(a.href)}"/>`)
      .join('')}</url>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${entries.map(url).join('\n')}
</urlset>
`;
}
