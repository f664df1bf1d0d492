import { compile, type Formatter } from 'html-to-text';

/** Inline styles that hide an element: preheaders, tracking blocks, Outlook-only fallbacks. */
const hiddenStyles = [
  'display:none',
  'display: none',
  'visibility:hidden',
  'visibility: hidden',
  'max-height:0',
  'max-height: 0',
  'mso-hide:all',
  'mso-hide: all',
  'font-size:0',
  'font-size: 0',
  'opacity:0',
  'opacity: 0',
];

const bare = (url: string) =>
  url
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:(\/\/)?/i, '')
    .replace(/^www\./i, '')
    .replace(/\/+$/, '')
    .toLowerCase();

/**
 * A link as "text (address)"; the address alone is left out when the text says it already, and a link
 * with no visible text (a logo, a tracking pixel) is left out whole.
 */
const visibleLink: Formatter = (elem, walk, builder) => {
  let text = '';
  builder.pushWordTransform((word) => {
    text += word;
    return word;
  });
  walk(elem.children, builder);
  builder.popWordTransform();
  const href = (elem.attribs?.href ?? '').trim();
  if (!text || !href || href.startsWith('#') || /^(javascript|cid|data):/i.test(href)) return;
  const address = href.replace(/^mailto:/i, '').replace(/\?.*$/, (q) => (href.toLowerCase().startsWith('mailto:') ? '' : q));
  if (bare(address) === bare(text)) return;
  builder.addInline(` (${address})`, { noWordTransform: true });
};

const block = { format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } } as const;

/**
 * HTML to the text a reader sees: no styles, scripts or hidden preheaders, images left out (their
 * alt texts are logos and spacers), layout tables read cell by cell, links as "text (address)".
 * Compiled once: the selectors become a decision tree that every message reuses.
 */
const convert = compile({
  wordwrap: false,
  formatters: { visibleLink },
  preserveNewlines: false,
  // A megabyte of markup is far more than any hand-written mail; the rest is cut, not parsed.
  limits: { maxInputLength: 1_000_000, maxDepth: 200, ellipsis: '…' },
  selectors: [
    { selector: 'head', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'template', format: 'skip' },
    { selector: 'title', format: 'skip' },
    { selector: 'img', format: 'skip' },
    { selector: '[hidden]', format: 'skip' },
    { selector: '[aria-hidden="true"]', format: 'skip' },
    ...hiddenStyles.map((style) => ({ selector: `[style*="${style}"i]`, format: 'skip' })),
    { selector: 'a', format: 'visibleLink' },
    // Outlook writes every line as a paragraph without margins (an empty one, &nbsp;, is the blank line).
    { selector: 'p.MsoNormal', format: 'paragraph', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'p.MsoPlainText', format: 'paragraph', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', ...block },
    { selector: 'tr', ...block },
    { selector: 'td', ...block },
    { selector: 'th', ...block },
    { selector: 'hr', format: 'blockString', options: { string: '________________________________', leadingLineBreaks: 2, trailingLineBreaks: 2 } },
  ],
});

/** The visible text of an HTML body, trimmed, with at most one empty line between blocks; '' when the HTML defeats the converter. */
export function visibleText(html: string): string {
  let text: string;
  try {
    text = convert(html);
  } catch {
    return '';
  }
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
