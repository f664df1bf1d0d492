import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { processTerm, tokenize, type SearchLocale } from '#helpcenter/search-text';

/** One article as the search index holds it (what a result shows comes with it: no second request). */
export interface SearchDocument {
  readonly id: string;
  readonly title: string;
  readonly category: string;
  readonly tags: string;
  readonly text: string;
  /** The article's path under the site's base ("tr/kargo-takibi/"). */
  readonly path: string;
  readonly excerpt: string;
}

/** MiniSearch's options, the same when the index is built (Node) and loaded (the browser). */
export function indexOptions(locale: SearchLocale): Options<SearchDocument> {
  return {
    fields: ['title', 'tags', 'category', 'text'],
    storeFields: ['title', 'category', 'path', 'excerpt'],
    tokenize: (text) => tokenize(text, locale),
    processTerm: (term) => processTerm(term, locale),
  };
}

/**
 * How a query is run: every word may be a typo (one edit in five letters), the last word is still
 * being typed (a prefix), and the title and tags weigh most.
 */
export function queryOptions(): SearchOptions {
  return {
    boost: { title: 3, tags: 2, category: 1.5 },
    fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
    prefix: (_term, i, terms) => i === terms.length - 1,
    combineWith: 'OR',
  };
}

/** The serialised index the browser loads (MiniSearch.loadJSON with indexOptions). */
export function buildSearchIndex(locale: SearchLocale, documents: readonly SearchDocument[]): string {
  const search = new MiniSearch<SearchDocument>(indexOptions(locale));
  search.addAll([...documents]);
  return JSON.stringify(search);
}
