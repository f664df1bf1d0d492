import { processTerm, searchTerms, tokenize, type SearchLocale } from '#helpcenter/search-text';

/**
 * The chat widget's article suggestions: a small index per locale (`<locale>/suggest.json`, a few kB:
 * title, path and the folded, stemmed terms of title and tags; no body text) that the widget fetches
 * on the composer's first focus and scores here, with the search's own text processing, as the visitor
 * types. The widget bundles this module, so the rules are one: what the help center's search calls
 * "kargo", the widget does too.
 */
export interface SuggestEntry {
  /** The article's id (the same in every locale): what the widget reports. */
  readonly id: string;
  readonly title: string;
  /** Under the site's base ("tr/kargo-takibi/"). */
  readonly path: string;
  /** Title terms, space-separated (each counts most). */
  readonly t: string;
  /** Tag terms not in the title, space-separated. */
  readonly k: string;
}

export function suggestEntry(locale: SearchLocale, a: { id: string; title: string; tags: readonly string[]; path: string }): SuggestEntry {
  const title = [...new Set(searchTerms(a.title, locale))];
  const tags = [...new Set(a.tags.flatMap((t) => searchTerms(t, locale)))].filter((t) => !title.includes(t));
  return { id: a.id, title: a.title, path: a.path, t: title.join(' '), k: tags.join(' ') };
}

const TITLE = 3;
const TAG = 2;
const PREFIX = 1;
/** Below this a suggestion is a guess (one prefix or a lone tag word is not enough). */
const MIN_SCORE = 3;
export const SUGGESTIONS = 3;

/**
 * Up to three articles for what the visitor has typed, best first: each of the text's terms found in an
 * article's title weighs 3, in its tags 2; the word still being typed (no space after it yet) matches a
 * term it begins (3 letters or more) for 1.
 */
export function suggest(entries: readonly SuggestEntry[], text: string, locale: SearchLocale): SuggestEntry[] {
  const words = tokenize(text, locale);
  const typing = /[\p{L}\p{N}]$/u.test(text) ? words.at(-1) : undefined;
  const terms = [...new Set(searchTerms(text, locale))];
  const partial = typing ? processTerm(typing, locale) : null;
  const scored: { entry: SuggestEntry; score: number }[] = [];
  for (const entry of entries) {
    const title = entry.t.split(' ');
    const tags = entry.k.split(' ');
    let score = 0;
    for (const term of terms) {
      if (title.includes(term)) score += TITLE;
      else if (tags.includes(term)) score += TAG;
      else if (term === partial && term.length >= 3 && [...title, ...tags].some((t) => t.startsWith(term))) score += PREFIX;
    }
    if (score >= MIN_SCORE) scored.push({ entry, score });
  }
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, SUGGESTIONS)
    .map((s) => s.entry);
}
