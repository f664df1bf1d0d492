import type { ArticleLocale } from '#helpcenter/articles';

/**
 * The help center's pages as HTML strings: server-rendered and complete without JavaScript. No inline
 * script or style (the site's Content-Security-Policy allows none): help.js and site.css are files,
 * and the one <script> element in a page is JSON-LD data, which browsers never run.
 */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON inside <script type="application/ld+json">: nothing in it can close the element. */
export const jsonForScript = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

export const SITE_TEXTS = {
  tr: {
    language: 'Türkçe',
    helpCenter: 'Yardım Merkezi',
    skip: 'İçeriğe geç',
    searchLabel: 'Yardım merkezinde arayın',
    searchPlaceholder: 'ör. kargom nerede',
    searchButton: 'Ara',
    intro: 'Sorunuzu yazın ya da aşağıdaki konulara göz atın.',
    stillNeedHelp: 'Hâlâ yardıma mı ihtiyacınız var?',
    stillNeedHelpText: 'Aradığınızı bulamadıysanız bize yazın; size yardımcı olalım.',
    chat: 'Bize yazın',
    home: 'Ana sayfa',
    related: 'Bu konudaki diğer yazılar',
    otherLanguage: 'Bu yazının İngilizcesi',
    notFound: 'Sayfa bulunamadı',
    notFoundText: 'Aradığınız sayfa yok ya da taşındı.',
    feedback: 'Bu yazı işinize yaradı mı?',
    yes: 'Evet',
    no: 'Hayır',
    thanks: 'Teşekkürler, görüşünüz bize ulaştı.',
  },
  en: {
    language: 'English',
    helpCenter: 'Help Center',
    skip: 'Skip to content',
    searchLabel: 'Search the help center',
    searchPlaceholder: 'e.g. where is my order',
    searchButton: 'Search',
    intro: 'Type your question or browse the topics below.',
    stillNeedHelp: 'Still need help?',
    stillNeedHelpText: "If you could not find what you were looking for, write to us and we'll help.",
    chat: 'Write to us',
    home: 'Home',
    related: 'More in this topic',
    otherLanguage: 'This article in Turkish',
    notFound: 'Page not found',
    notFoundText: 'The page you are looking for does not exist or has moved.',
    feedback: 'Did this help?',
    yes: 'Yes',
    no: 'No',
    thanks: 'Thank you for your feedback.',
  },
} as const satisfies Record<ArticleLocale, Record<string, string>>;

/**
 * Where the chat widget is ({ widgetUrl, apiUrl }): a file beside the pages, written at deploy time
 * (the widget's and API's URLs are known only then), read by help.js when a visitor asks for the chat.
 */
export const CHAT_SETTINGS_FILE = 'chat.json';

/** The chat widget's suggestion index of a locale (helpcenter/suggest.ts), beside its search index. */
export const SUGGEST_FILE = 'suggest.json';
/**
 * Where the pages post their events ("Did this help?", views, searches without result): a path of the
 * site itself, which CloudFront (and local/web.ts) forwards to the API's POST /help-center/events, so
 * the form works without JavaScript and without a cross-origin request.
 */
export const EVENTS_PATH = 'events';

/** What every page of one locale shares. */
export interface PageFrame {
  readonly locale: ArticleLocale;
  readonly shopName: string;
  /** Root-relative path of the site (e.g. "/help/"): links and assets are under it. */
  readonly basePath: string;
  /** The page's absolute URL (canonical). */
  readonly canonical?: string;
  /** The same page in each locale that has it (absolute URLs), and the default one for x-default. */
  readonly alternates: readonly { readonly locale: ArticleLocale; readonly href: string }[];
  readonly defaultLocale: ArticleLocale;
  /** Where the "still need help?" link goes without JavaScript (help.js opens the chat instead). */
  readonly contactHref: string;
  /** The CSS and script files, with their content hashes (cache busting). */
  readonly assets: { readonly css: string; readonly js: string };
}

/** One whole page around its main content. */
export function page(frame: PageFrame, o: { title: string; description?: string; main: string; jsonLd?: unknown; query?: string }): string {
  const t = SITE_TEXTS[frame.locale];
  const home = `${frame.basePath}${frame.locale}/`;
  const alternates = frame.alternates
    .map((a) => `<link rel="alternate" hreflang="${a.locale}" href="${escapeHtml(a.href)}">`)
    .concat(
      frame.alternates.filter((a) => a.locale === frame.defaultLocale).map((a) => `<link rel="alternate" hreflang="x-default" href="${escapeHtml(a.href)}">`),
    );
  const switcher = frame.alternates
    .filter((a) => a.locale !== frame.locale)
    .map((a) => `<a class="lang" href="${escapeHtml(a.href)}" hreflang="${a.locale}" lang="${a.locale}">${SITE_TEXTS[a.locale].language}</a>`)
    .join('');
  return `<!doctype html>
<html lang="${frame.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title === t.helpCenter ? '' : `${escapeHtml(o.title)} · `}${escapeHtml(frame.shopName)} ${t.helpCenter}</title>
${o.description ? `<meta name="description" content="${escapeHtml(o.description)}">\n` : ''}${frame.canonical ? `<link rel="canonical" href="${escapeHtml(frame.canonical)}">\n` : ''}${alternates.join('\n')}
<link rel="stylesheet" href="${frame.basePath}${frame.assets.css}">
<script src="${frame.basePath}${frame.assets.js}" defer data-locale="${frame.locale}" data-index="${frame.basePath}${frame.locale}/search-index.json" data-chat="${frame.basePath}${CHAT_SETTINGS_FILE}"></script>
${o.jsonLd ? `<script type="application/ld+json">${jsonForScript(o.jsonLd)}</script>\n` : ''}</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
<header class="top"><div class="bar"><a class="brand" href="${home}">${escapeHtml(frame.shopName)} <span>${t.helpCenter}</span></a>${switcher}</div>
<form class="search" role="search" action="${home}" method="get">
<label for="q">${t.searchLabel}</label>
<div class="row"><input id="q" name="q" type="search" autocomplete="off" spellcheck="false" placeholder="${escapeHtml(t.searchPlaceholder)}" value="${escapeHtml(o.query ?? '')}" aria-describedby="search-status"><button type="submit">${t.searchButton}</button></div>
<p id="search-status" class="status" role="status"></p>
<ul id="search-results" class="results" hidden></ul>
</form></header>
<main id="main">
${o.main}
</main>
<aside class="contact" aria-labelledby="contact-title"><h2 id="contact-title">${t.stillNeedHelp}</h2><p>${t.stillNeedHelpText}</p><a class="chat" id="open-chat" href="${escapeHtml(frame.contactHref)}">${t.chat}</a></aside>
<footer><p>© ${escapeHtml(frame.shopName)}</p></footer>
</body>
</html>
`;
}

export interface IndexCategory {
  readonly title: string;
  readonly slug: string;
  readonly articles: readonly { readonly title: string; readonly href: string }[];
}

/** A locale's front page: every category with its articles. */
export function indexMain(locale: ArticleLocale, shopName: string, categories: readonly IndexCategory[]): string {
  const t = SITE_TEXTS[locale];
  const sections = categories
    .map(
      (c) =>
        `<section class="category" aria-labelledby="c-${c.slug}"><h2 id="c-${c.slug}">${escapeHtml(c.title)}</h2><ul>${c.articles
          .map((a) => `<li><a href="${escapeHtml(a.href)}">${escapeHtml(a.title)}</a></li>`)
          .join('')}</ul></section>`,
    )
    .join('\n');
  return `<h1>${escapeHtml(shopName)} ${t.helpCenter}</h1>\n<p class="intro">${t.intro}</p>\n<div class="categories">\n${sections}\n</div>`;
}

/** An article's page content: breadcrumb, the rendered body, and the other articles of its category. */
export function articleMain(
  locale: ArticleLocale,
  o: {
    title: string;
    bodyHtml: string;
    home: string;
    category: { title: string; href: string };
    related: readonly { title: string; href: string }[];
    /** "Did this help?": where the form posts and the article it names. */
    feedback: { action: string; article: string };
  },
): string {
  const t = SITE_TEXTS[locale];
  const related = o.related.length
    ? `\n<nav class="related" aria-labelledby="related-title"><h2 id="related-title">${t.related}</h2><ul>${o.related
        .map((r) => `<li><a href="${escapeHtml(r.href)}">${escapeHtml(r.title)}</a></li>`)
        .join('')}</ul></nav>`
    : '';
  return `<nav class="crumbs" aria-label="breadcrumb"><ol><li><a href="${escapeHtml(o.home)}">${t.home}</a></li><li><a href="${escapeHtml(o.category.href)}">${escapeHtml(o.category.title)}</a></li></ol></nav>
<article><h1>${escapeHtml(o.title)}</h1>
<div class="body">${o.bodyHtml}</div></article>
${feedbackForm(locale, o.feedback)}${related}`;
}

/**
 * "Did this help?": a plain form, so it works without JavaScript (the API answers it with a redirect
 * back to #feedback-thanks, which CSS shows by :target); help.js posts it in the background instead.
 */
function feedbackForm(locale: ArticleLocale, f: { action: string; article: string }): string {
  const t = SITE_TEXTS[locale];
  return `<section class="feedback" aria-labelledby="feedback-title"><form id="feedback" method="post" action="${escapeHtml(f.action)}">
<input type="hidden" name="locale" value="${locale}"><input type="hidden" name="article" value="${escapeHtml(f.article)}"><input type="hidden" name="page" value="1">
<h2 id="feedback-title">${t.feedback}</h2>
<div class="answers"><button type="submit" name="event" value="helpful">${t.yes}</button><button type="submit" name="event" value="not_helpful">${t.no}</button></div>
</form><p id="feedback-thanks" class="thanks" role="status">${t.thanks}</p></section>`;
}

/** FAQPage structured data for one article: its title is the question, its text the answer. */
export function faqJsonLd(o: { title: string; answerHtml: string; url: string; locale: ArticleLocale }): unknown {
  return {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    inLanguage: o.locale,
    url: o.url,
    mainEntity: [{ '@type': 'Question', name: o.title, acceptedAnswer: { '@type': 'Answer', text: o.answerHtml } }],
  };
}
