/**
 * Stands in for `postcss` in the Lambda bundles (lambdas/definitions/bundling.ts aliases it here).
 * sanitize-html parses a style attribute with it only where the options allow style attributes; ours
 * (representation.ts, sanitiseCustomerHtml) allow none, so postcss with source-map-js (95 kB) would
 * only be parsed at every cold start of the agent API.
 */
export class CssParsingNotBundledError extends Error {
  override name = 'CssParsingNotBundledError';
}

export function parse(): never {
  throw new CssParsingNotBundledError('postcss is not bundled: customer HTML keeps no style attribute');
}

export default { parse };
