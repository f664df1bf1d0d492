import { fold } from '#brain/text';

/**
 * The help center search's text processing, the same when the index is built and in the browser (the
 * search script bundles this module), so a stored term and a typed one always meet in one form:
 * lower-cased the Turkish way and folded to plain Latin letters (customers type "kargo ucreti" for
 * "kargo ücreti"), then stripped of common suffixes ("kargom", "kargonun", "kargoya" → "kargo").
 */
export type SearchLocale = 'tr' | 'en';

/** Words that carry no meaning of their own (folded); question words stay: "nerede" tells what is asked. */
const STOP_WORDS: Record<SearchLocale, ReadonlySet<string>> = {
  tr: new Set(['ve', 'veya', 'ile', 'bir', 'bu', 'su', 'o', 'da', 'de', 'mi', 'mu', 'ki', 'icin', 'ben', 'benim', 'siz', 'sizin', 'gibi', 'daha', 'en', 'cok']),
  en: new Set(['a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'is', 'are', 'my', 'i', 'me', 'it', 'be', 'do', 'can', 'with']),
};

/**
 * Turkish inflection suffixes (folded, so the vowel-harmony pairs ı/i and u/ü collapse): plural,
 * possessive, case and question endings. Longest first; stripped repeatedly ("kargolarımdan" → "kargo").
 */
const TURKISH_SUFFIXES = [
  'larindan',
  'lerinden',
  'larinin',
  'lerinin',
  'larimiz',
  'lerimiz',
  'lardan',
  'lerden',
  'larim',
  'lerim',
  'lari',
  'leri',
  'lar',
  'ler',
  'imiz',
  'umuz',
  'iniz',
  'unuz',
  'ndan',
  'nden',
  'nin',
  'nun',
  'nda',
  'nde',
  'dan',
  'den',
  'tan',
  'ten',
  'yla',
  'yle',
  'si',
  'su',
  'ya',
  'ye',
  'yi',
  'yu',
  'na',
  'ne',
  'ni',
  'nu',
  'da',
  'de',
  'ta',
  'te',
  'la',
  'le',
  'im',
  'um',
  'in',
  'un',
  'm',
  'n',
  'a',
  'e',
  'i',
  'u',
] as const;

/** A stem keeps at least this many letters: "kar" stays "kar" while "kargom" loses its "m". */
const MIN_STEM = 3;

/** Strips Turkish suffixes from a folded word, longest match first, until none applies. */
export function stemTurkish(word: string): string {
  let stem = word;
  for (let round = 0; round < 4; round++) {
    const suffix = TURKISH_SUFFIXES.find((s) => stem.endsWith(s) && stem.length - s.length >= MIN_STEM);
    if (!suffix) break;
    stem = stem.slice(0, -suffix.length);
  }
  return stem;
}

/** "shipp" → "ship" (after -ing/-ed), as "shipping" and a mistyped "shiping" must meet; ll, ss and zz stay. */
const undouble = (stem: string) => (/([b-df-hj-km-np-rtv-y])\1$/.test(stem) ? stem.slice(0, -1) : stem);

/** A light English stemmer: plurals and the commonest verb endings ("refunds", "tracking", "shipping" → "refund", "track", "ship"). */
export function stemEnglish(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return undouble(word.slice(0, -3));
  if (word.length > 4 && word.endsWith('ed')) return undouble(word.slice(0, -2));
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * The words of a text, before processing. In Turkish, what follows an apostrophe is a suffix on a
 * name ("Mağaza'nın", "100001'in"), so it is dropped with the apostrophe.
 */
export function tokenize(text: string, locale: SearchLocale): string[] {
  const source = locale === 'tr' ? text.replace(/(\p{L}|\p{N})['’]\p{L}+/gu, '$1') : text.replace(/['’]s\b/gu, '');
  return source.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** One word as the index stores it, or null for a stop word. */
export function processTerm(term: string, locale: SearchLocale): string | null {
  const folded = fold(term);
  if (!folded || STOP_WORDS[locale].has(folded)) return null;
  if (/^\p{N}+$/u.test(folded)) return folded;
  return locale === 'tr' ? stemTurkish(folded) : stemEnglish(folded);
}

/** A whole text's terms, as processTerm makes them (for tests and for reading what a query becomes). */
export function searchTerms(text: string, locale: SearchLocale): string[] {
  return tokenize(text, locale)
    .map((w) => processTerm(w, locale))
    .filter((t): t is string => t !== null);
}
