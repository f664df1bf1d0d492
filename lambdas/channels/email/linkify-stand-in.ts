/**
 * Stands in for `linkify-it` and `tlds` in the Lambda bundles (lambdas/definitions/bundling.ts aliases
 * them here). mailparser builds its link finder, with 1,500 top-level domains, when it is imported; it
 * only uses it to turn links in plain text into anchors, which our parser switches off
 * (`skipTextLinks`, channels/email/parse.ts). Setting it up is accepted; finding links is refused loudly.
 */
export class TextLinksNotBundledError extends Error {
  override name = 'TextLinksNotBundledError';
}

const refuse = (): never => {
  throw new TextLinksNotBundledError('linkify-it is not bundled: parse e-mail with skipTextLinks');
};

class LinkFinderStandIn {
  tlds() {
    return this;
  }
  add() {
    return this;
  }
  set() {
    return this;
  }
  pretest = refuse;
  test = refuse;
  match = refuse;
}

export default function linkifyIt() {
  return new LinkFinderStandIn();
}
