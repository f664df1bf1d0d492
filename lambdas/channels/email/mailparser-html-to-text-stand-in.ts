/**
 * Stands in for `html-to-text` where mailparser imports it (lambdas/definitions/bundling.ts aliases
 * the name here). mailparser converts HTML to text only without `skipHtmlToText`, which our parser
 * sets (channels/email/parse.ts): we convert HTML-only mail ourselves (html-text.ts), loading the
 * real package, through `#html-to-text`, with the first such mail. Bundled, the package and its
 * HTML parser would be read at every cold start, though most mail carries a text part.
 */
export class HtmlToTextNotBundledError extends Error {
  override name = 'HtmlToTextNotBundledError';
}

export function htmlToText(): never {
  throw new HtmlToTextNotBundledError("mailparser's html-to-text is not bundled: parse e-mail with skipHtmlToText");
}

export const convert = htmlToText;
