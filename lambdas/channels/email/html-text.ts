import type { DomNode, Formatter, HtmlToTextOptions } from 'html-to-text';

// A megabyte of markup is far more than any hand-written mail; the rest is cut, not parsed.
const MAX_HTML_CHARS = 1_000_000;
// html-to-text's time grows with the square of the nesting depth (90,000 nested divs: 50 s of CPU).
// Mail a person writes nests a few dozen levels; deeper HTML is read flat, in one linear pass.
const MAX_NESTING = 500;

/**
 * Inline styles that hide an element: preheaders, tracking blocks, Outlook-only fallbacks. A zero is a
 * zero only when the declaration ends there ("opacity:0.8" and "font-size:0.9em" stay visible).
 */
const hiddenStyles = [
  ...['display:none', 'visibility:hidden', 'mso-hide:all'].flatMap((d) => [d, d.replace(':', ': ')]).map((d) => `[style*="${d}"i]`),
  ...['max-height', 'font-size', 'opacity'].flatMap((p) =>
    [`${p}:0`, `${p}: 0`].flatMap((d) => [`[style*="${d};"i]`, `[style*="${d}px"i]`, `[style*="${d} "i]`, `[style$="${d}"i]`]),
  ),
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

const blockNames = new Set(['p', 'div', 'br', 'table', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'hr']);
const holdsBlocks = (node: DomNode): boolean => !!node.children?.some((c) => c.type === 'tag' && (blockNames.has(c.name ?? '') || holdsBlocks(c)));
const holdsText = (node: DomNode): boolean => !!node.children?.some((c) => (c.type === 'text' ? /[^\s\u00a0]/.test(c.data ?? '') : holdsText(c)));
const isCell = (node: DomNode) => node.type === 'tag' && (node.name === 'td' || node.name === 'th');

/** What a cell says on one line: its content, or the content of its one paragraph (Outlook's cells); undefined when it holds more. */
function lineOf(cell: DomNode): readonly DomNode[] | undefined {
  const children = cell.children ?? [];
  if (!holdsBlocks(cell)) return children;
  const tags = children.filter((c) => c.type === 'tag');
  const only = tags.length === 1 && children.every((c) => c.type === 'tag' || !/[^\s\u00a0]/.test(c.data ?? '')) ? tags[0]! : undefined;
  return only && (only.name === 'p' || only.name === 'div') && !holdsBlocks(only) ? (only.children ?? []) : undefined;
}

/**
 * A table row: cells of one line each on one line, "Sipariş | 100262"; a row whose cells hold more (a
 * newsletter's columns) cell by cell, each on its own lines. Empty cells (spacers) say nothing.
 */
const tableRow: Formatter = (elem, walk, builder) => {
  const cells = elem.children.filter(isCell).filter(holdsText);
  const lines = cells.map(lineOf);
  builder.openBlock({ leadingLineBreaks: 1 });
  if (lines.some((l) => !l)) walk(elem.children, builder);
  else
    lines.forEach((line, i) => {
      if (i) builder.addInline(' | ', { noWordTransform: true });
      walk(line!, builder);
    });
  builder.closeBlock({ trailingLineBreaks: 1 });
};

const block = { format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } } as const;

/**
 * HTML to the text a reader sees: no styles, scripts or hidden preheaders, images left out (their
 * alt texts are logos and spacers), layout tables read cell by cell, links as "text (address)".
 * Compiled once: the selectors become a decision tree that every message reuses.
 */
/** What a reader never sees: the page's head and code, images (named by their file, not their text), hidden elements. */
const INVISIBLE = ['head', 'style', 'script', 'noscript', 'template', 'title', 'img', '[hidden]', '[aria-hidden="true"]'];

/** The converter's options; compiling them takes a tenth of the e-mail ingest's cold start (see `convert`). */
const options: HtmlToTextOptions = {
  wordwrap: false,
  formatters: { visibleLink, tableRow },
  preserveNewlines: false,
  limits: { maxInputLength: MAX_HTML_CHARS, maxDepth: MAX_NESTING, ellipsis: '…' },
  selectors: [
    ...[...INVISIBLE, ...hiddenStyles].map((selector) => ({ selector, format: 'skip' })),
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
    { selector: 'tr', format: 'tableRow' },
    { selector: 'td', ...block },
    { selector: 'th', ...block },
    { selector: 'hr', format: 'blockString', options: { string: '________________________________', leadingLineBreaks: 2, trailingLineBreaks: 2 } },
  ],
};

let converter: Promise<(html: string) => string> | undefined;
/**
 * Loaded and compiled with the first HTML-only mail: most mail carries a text part and never needs
 * it, so the bundles keep the package out of the cold start (lambdas/definitions/bundling.ts).
 */
const loadConverter = () => (converter ??= import('#html-to-text').then((m) => m.compile(options)));

const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const isNameChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 58;

/**
 * Whether the HTML nests elements deeper than `limit`, in one linear pass over its tags (start tags open,
 * end tags close, void and self-closed elements do neither, comments are skipped). An estimate: it
 * only decides which way to read the HTML, both of which keep its text.
 */
function nestsDeeperThan(html: string, limit: number): boolean {
  let depth = 0;
  for (let i = html.indexOf('<'); i >= 0; ) {
    if (html.startsWith('!--', i + 1)) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? -1 : html.indexOf('<', end + 3);
      continue;
    }
    const closing = html.charCodeAt(i + 1) === 47;
    let pos = i + 1 + (closing ? 1 : 0);
    const nameStart = pos;
    while (pos < html.length && isNameChar(html.charCodeAt(pos))) pos++;
    const end = pos > nameStart ? html.indexOf('>', pos) : pos;
    if (end < 0) break;
    if (pos > nameStart) {
      const name = html.slice(nameStart, pos).toLowerCase();
      if (closing) depth = Math.max(0, depth - 1);
      else if (!voidElements.has(name) && html.charCodeAt(end - 1) !== 47 && ++depth > limit) return true;
    }
    i = html.indexOf('<', end);
  }
  return false;
}

/** The HTML without the content of one element (every occurrence), in one pass. */
function withoutElement(html: string, lowerCase: string, tag: string): [string, string] {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    const start = lowerCase.indexOf(`<${tag}`, i);
    if (start < 0) break;
    parts.push(html.slice(i, start));
    const close = lowerCase.indexOf(`</${tag}`, start);
    const end = close < 0 ? -1 : lowerCase.indexOf('>', close);
    i = end < 0 ? html.length : end + 1;
  }
  parts.push(html.slice(i));
  const out = parts.join('');
  return [out, out.toLowerCase()];
}

/**
 * HTML too deep to convert, flattened first (linear): head, styles and scripts out, every block tag a
 * line break, every other tag gone. What remains is text and <br>, which the converter reads quickly
 * (and decodes its entities).
 */
function flattened(html: string): string {
  let out = html;
  let lower = html.toLowerCase();
  for (const tag of ['head', 'style', 'script', 'noscript', 'template', 'title']) [out, lower] = withoutElement(out, lower, tag);
  return (
    out
      .replace(/<\/?(?:p|div|br|tr|li|table|h[1-6]|blockquote|pre|hr|td|th)\b[^<>]*>/gi, '<br>')
      .replace(/<(?!br>)[^<>]*>/gi, '')
      .replace(/(?:<br>\s*){3,}/g, '<br><br>')
      // A tag cut off at the end (the markup was cut at its limit) is no text.
      .replace(/<[^<>]*$/, '')
  );
}

/** The visible text of an HTML body, trimmed, with at most one empty line between blocks; '' when the HTML defeats the converter. */
export async function visibleText(html: string): Promise<string> {
  const markup = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
  // Outside the try: a converter that cannot be loaded is a broken deployment, not unreadable HTML.
  const convert = await loadConverter();
  let text: string;
  try {
    text = convert(nestsDeeperThan(markup, MAX_NESTING) ? flattened(markup) : markup);
  } catch {
    return '';
  }
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
