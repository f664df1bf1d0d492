import type { ArticleLocale } from '#helpcenter/articles';

/**
 * What the help center and the chat widget report, and how it is counted. Pure: the route validates
 * and asks a store to add the counts; the metrics read the counts back and sum them here.
 *
 * A deflection is an article opened from the widget's suggestions after which the visitor sent no chat
 * message within DEFLECTION_WINDOW_MS. The widget judges it (it sees both the click and the message, on
 * the shop's page): it remembers the article it opened and, when a message is sent within the window,
 * reports "wrote_after" for that article once. So deflections = opened from the widget − wrote after,
 * per article and day, never below zero. An article opened in the last ten minutes of a range is counted
 * as deflected until its "wrote_after" arrives.
 */
export const DEFLECTION_WINDOW_MS = 10 * 60_000;

/** The events, as the `event` field of the form the pages, help.js and the widget post. */
export const HELP_EVENTS = ['view', 'helpful', 'not_helpful', 'search_miss', 'suggested', 'wrote_after'] as const;
export type HelpEventName = (typeof HELP_EVENTS)[number];

/** The counters an article keeps per day. */
export const ARTICLE_COUNTERS = ['views', 'fromWidget', 'helpful', 'notHelpful', 'suggested', 'wroteAfter'] as const;
export type ArticleCounter = (typeof ARTICLE_COUNTERS)[number];
export type ArticleCounts = Record<ArticleCounter, number>;

/** The widget suggests at most this many articles at once (and reports them in one event). */
export const MAX_SUGGESTIONS = 3;
/** A search query is kept folded and at most this long. */
export const MAX_QUERY_LENGTH = 100;

/** One checked event: what to add, to which article or query. */
export type HelpEvent =
  | { readonly kind: 'article'; readonly locale: ArticleLocale; readonly article: string; readonly add: Partial<ArticleCounts> }
  | { readonly kind: 'miss'; readonly locale: ArticleLocale; readonly query: string };

/** The counter increments of one article event (a view from the widget is also a view). */
export function articleIncrements(event: Exclude<HelpEventName, 'search_miss'>, fromWidget: boolean): Partial<ArticleCounts> {
  switch (event) {
    case 'view':
      return fromWidget ? { views: 1, fromWidget: 1 } : { views: 1 };
    case 'helpful':
      return { helpful: 1 };
    case 'not_helpful':
      return { notHelpful: 1 };
    case 'suggested':
      return { suggested: 1 };
    case 'wrote_after':
      return { wroteAfter: 1 };
  }
}

/** One stored row: an article's counts on a day, or a no-result query's. */
export type HelpStatRow =
  | { readonly kind: 'article'; readonly day: string; readonly locale: string; readonly article: string; readonly counts: Partial<ArticleCounts> }
  | { readonly kind: 'miss'; readonly day: string; readonly locale: string; readonly query: string; readonly count: number };

export interface ArticleFigures extends ArticleCounts {
  readonly id: string;
  readonly locale: string;
  readonly title: string | null;
  readonly deflections: number;
}

export interface HelpCenterFigures {
  readonly views: number;
  readonly helpful: number;
  readonly notHelpful: number;
  /** helpful ÷ (helpful + not helpful); null without votes. */
  readonly helpfulShare: number | null;
  readonly searchesWithoutResult: number;
  readonly topMissedQueries: readonly { readonly query: string; readonly locale: string; readonly count: number }[];
  readonly suggestionsShown: number;
  readonly openedFromWidget: number;
  readonly wroteAfterOpening: number;
  readonly deflections: number;
  /** deflections ÷ opened from the widget; null when none was opened. */
  readonly deflectionRate: number | null;
  readonly topArticles: readonly ArticleFigures[];
}

const TOP = 10;
const ratio = (n: number, d: number): number | null => (d ? Math.round((n / d) * 10_000) / 10_000 : null);
const zero = (): ArticleCounts => ({ views: 0, fromWidget: 0, helpful: 0, notHelpful: 0, suggested: 0, wroteAfter: 0 });

/**
 * The help center's figures of a range from its daily rows. Deflections are judged per article and day
 * (a "wrote after" lands on the day it is sent, almost always the day of the opening).
 */
export function helpCenterFigures(rows: Iterable<HelpStatRow>, titleOf: (locale: string, id: string) => string | undefined): HelpCenterFigures {
  const articles = new Map<string, ArticleCounts & { deflections: number; locale: string; id: string }>();
  const misses = new Map<string, { query: string; locale: string; count: number }>();
  for (const row of rows) {
    if (row.kind === 'miss') {
      const key = `${row.locale}#${row.query}`;
      const m = misses.get(key) ?? { query: row.query, locale: row.locale, count: 0 };
      m.count += row.count;
      misses.set(key, m);
      continue;
    }
    const key = `${row.locale}#${row.article}`;
    let a = articles.get(key);
    if (!a) articles.set(key, (a = { ...zero(), deflections: 0, locale: row.locale, id: row.article }));
    for (const c of ARTICLE_COUNTERS) a[c] += row.counts[c] ?? 0;
    a.deflections += Math.max(0, (row.counts.fromWidget ?? 0) - (row.counts.wroteAfter ?? 0));
  }
  const all = [...articles.values()];
  const sum = (f: (a: (typeof all)[number]) => number) => all.reduce((n, a) => n + f(a), 0);
  const helpful = sum((a) => a.helpful);
  const notHelpful = sum((a) => a.notHelpful);
  const opened = sum((a) => a.fromWidget);
  const deflections = sum((a) => a.deflections);
  const byCount = (x: { count: number; query: string }, y: { count: number; query: string }) => y.count - x.count || x.query.localeCompare(y.query);
  return {
    views: sum((a) => a.views),
    helpful,
    notHelpful,
    helpfulShare: ratio(helpful, helpful + notHelpful),
    searchesWithoutResult: [...misses.values()].reduce((n, m) => n + m.count, 0),
    topMissedQueries: [...misses.values()].sort(byCount).slice(0, TOP),
    suggestionsShown: sum((a) => a.suggested),
    openedFromWidget: opened,
    wroteAfterOpening: sum((a) => a.wroteAfter),
    deflections,
    deflectionRate: ratio(deflections, opened),
    topArticles: all
      .sort((x, y) => y.views - x.views || y.fromWidget - x.fromWidget || `${x.locale}${x.id}`.localeCompare(`${y.locale}${y.id}`))
      .slice(0, TOP)
      .map((a) => ({ ...a, title: titleOf(a.locale, a.id) ?? null })),
  };
}
