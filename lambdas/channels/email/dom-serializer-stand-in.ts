/**
 * Stands in for `dom-serializer` in the Lambda bundles (lambdas/definitions/bundling.ts aliases it
 * here). html-to-text renders HTML back only for its "blockHtml" and "inlineHtml" formats, which our
 * conversion (channels/email/html-text.ts) never selects, and htmlparser2 only re-exports domutils'
 * serializer, which sanitize-html never calls; the package and the entities version it pins (70 kB
 * of encode and decode tables) would only be parsed at every cold start.
 */
export class HtmlRenderingNotBundledError extends Error {
  override name = 'HtmlRenderingNotBundledError';
}

export function render(): never {
  throw new HtmlRenderingNotBundledError("dom-serializer is not bundled: html-to-text's blockHtml and inlineHtml formats are not used");
}

export default render;
