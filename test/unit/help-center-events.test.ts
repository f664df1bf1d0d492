import { describe, expect, it } from 'vitest';
import { makeAgentApi, type AgentApiDeps } from '#agent/api';
import type { HelpStats } from '#agent/ports';
import { HELP_EVENT_MAX_BYTES } from '#agent/routes/help-center-events';
import helpArticles from '#definitions/help-articles.json';
import { type ArticleCounts, type HelpEvent, helpCenterFigures, type HelpStatRow } from '#helpcenter/deflection';
import { httpHandler } from '#http/middleware';
import { catalogueArticles } from '#wiring/agent-api';
import { httpEvent, lambdaContext } from './http-fixtures';

/** The route's counting as the adapter sees it: the events added per day, in order. */
function recordingStats(): HelpStats & { added: { day: string; events: readonly HelpEvent[] }[] } {
  const added: { day: string; events: readonly HelpEvent[] }[] = [];
  return {
    added,
    add: async (day, events) => void added.push({ day, events }),
    rowsBetween: async function* () {},
  };
}

function apiWith(stats = recordingStats()) {
  const deps = {
    helpCenter: { stats, articles: catalogueArticles(async () => undefined, helpArticles) },
    now: () => new Date('2026-12-07T10:00:00Z'),
  } as unknown as AgentApiDeps;
  const handler = httpHandler(makeAgentApi(deps));
  const post = async (body: string, contentType = 'application/x-www-form-urlencoded;charset=UTF-8') => {
    const res = await handler(httpEvent({ routeKey: 'POST /help-center/events', body, headers: { 'content-type': contentType } }), lambdaContext);
    return { status: res.statusCode, message: res.body ? (JSON.parse(res.body).message as string) : '', headers: res.headers ?? {} };
  };
  return { stats, post };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('POST /help-center/events: what it refuses, with a 4xx and a message that says why', () => {
  const cases: [string, string, number, RegExp, string?][] = [
    ['an unknown event', form({ event: 'click', locale: 'tr', article: 'track-order' }), 400, /event/],
    ['an unknown locale', form({ event: 'view', locale: 'de', article: 'track-order' }), 400, /locale/],
    [
      'an article that is not published in that locale',
      form({ event: 'view', locale: 'tr', article: 'no-such-article' }),
      400,
      /no published article "no-such-article" in tr/,
    ],
    ["an object's inherited name as the article", form({ event: 'helpful', locale: 'tr', article: 'constructor' }), 400, /no published article "constructor"/],
    ['a view without its article', form({ event: 'view', locale: 'tr' }), 400, /needs the article's id/],
    ['a vote on two articles', form({ event: 'helpful', locale: 'tr', article: 'track-order,cancel-order' }), 400, /about one article/],
    ['four suggestions at once', form({ event: 'suggested', locale: 'tr', article: 'a,b,c,d' }), 400, /at most 3 different articles/],
    ['a search miss without its query', form({ event: 'search_miss', locale: 'tr' }), 400, /query/],
    ['a search miss of only spaces', form({ event: 'search_miss', locale: 'tr', query: '   ' }), 400, /query/],
    ['a query on a view', form({ event: 'view', locale: 'tr', article: 'track-order', query: 'x' }), 400, /view has no query/],
    ['"via widget" on a vote', form({ event: 'helpful', locale: 'tr', article: 'track-order', via: 'widget' }), 400, /only a view/],
    ['a field the route does not know', form({ event: 'view', locale: 'tr', article: 'track-order', visitor: 'v-1' }), 400, /visitor/],
    ['a body over the cap', form({ event: 'search_miss', locale: 'tr', query: 'x'.repeat(HELP_EVENT_MAX_BYTES) }), 400, /too large \(at most 1024 bytes\)/],
    ['JSON instead of a form', JSON.stringify({ event: 'view', locale: 'tr', article: 'track-order' }), 415, /x-www-form-urlencoded/, 'application/json'],
    ['text/plain', 'event=view', 415, /x-www-form-urlencoded/, 'text/plain'],
  ];
  for (const [what, body, status, message, type] of cases) {
    it(`refuses ${what} (${status})`, async () => {
      const { post, stats } = apiWith();
      const res = await post(body, type);
      expect(res.status).toBe(status);
      expect(res.message).toMatch(message);
      expect(stats.added).toEqual([]);
    });
  }
});

describe('POST /help-center/events: what it counts', () => {
  const trackOrder = Object.keys(helpArticles.tr).find((id) => id === 'track-order')!;

  it('counts a view, and a view opened from the widget also as "from widget"', async () => {
    const { post, stats } = apiWith();
    expect((await post(form({ event: 'view', locale: 'tr', article: trackOrder }))).status).toBe(204);
    expect((await post(form({ event: 'view', locale: 'tr', article: trackOrder, via: 'widget' }))).status).toBe(204);
    expect(stats.added).toEqual([
      { day: '2026-12-07', events: [{ kind: 'article', locale: 'tr', article: trackOrder, add: { views: 1 } }] },
      { day: '2026-12-07', events: [{ kind: 'article', locale: 'tr', article: trackOrder, add: { views: 1, fromWidget: 1 } }] },
    ]);
  });

  it('folds a search that found nothing ("Kargo ÜCRETİ" is "kargo ucreti") and cuts it to 100 characters', async () => {
    const { post, stats } = apiWith();
    await post(form({ event: 'search_miss', locale: 'tr', query: '  Kargo ÜCRETİ  ' }));
    await post(form({ event: 'search_miss', locale: 'en', query: 'y'.repeat(300) }));
    expect(stats.added.map((a) => a.events[0])).toEqual([
      { kind: 'miss', locale: 'tr', query: 'kargo ucreti' },
      { kind: 'miss', locale: 'en', query: 'y'.repeat(100) },
    ]);
  });

  it('counts each of up to three suggested articles once', async () => {
    const { post, stats } = apiWith();
    await post(form({ event: 'suggested', locale: 'tr', article: 'track-order,cancel-order' }));
    expect(stats.added[0]!.events).toEqual([
      { kind: 'article', locale: 'tr', article: 'track-order', add: { suggested: 1 } },
      { kind: 'article', locale: 'tr', article: 'cancel-order', add: { suggested: 1 } },
    ]);
  });

  it('answers a vote sent by the page without JavaScript with a redirect back to the article, to its thanks', async () => {
    const { post, stats } = apiWith();
    const res = await post(form({ event: 'not_helpful', locale: 'tr', article: 'track-order', page: '1' }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`tr/${helpArticles.tr['track-order'].slug}/#feedback-thanks`);
    expect(stats.added[0]!.events).toEqual([{ kind: 'article', locale: 'tr', article: 'track-order', add: { notHelpful: 1 } }]);
  });
});

describe("the help center's figures of a range", () => {
  const row = (day: string, article: string, counts: Partial<ArticleCounts>): HelpStatRow => ({ kind: 'article', day, locale: 'tr', article, counts });
  const miss = (day: string, query: string, count: number): HelpStatRow => ({ kind: 'miss', day, locale: 'tr', query, count });

  it('sums the days, judges deflections per article and day (opened − wrote after, never below 0) and ranks the articles and the missed queries', () => {
    const f = helpCenterFigures(
      [
        row('2026-12-01', 'track-order', { views: 10, fromWidget: 4, wroteAfter: 1, helpful: 3, notHelpful: 1, suggested: 9 }),
        row('2026-12-02', 'track-order', { views: 5, fromWidget: 1, wroteAfter: 2 }),
        row('2026-12-02', 'cancel-order', { views: 20, helpful: 1 }),
        miss('2026-12-01', 'kargo ucreti', 2),
        miss('2026-12-02', 'kargo ucreti', 1),
        miss('2026-12-02', 'hediye paketi', 5),
      ],
      (_locale, id) => (id === 'track-order' ? 'Kargom nerede?' : undefined),
    );
    expect(f).toMatchObject({
      views: 35,
      helpful: 4,
      notHelpful: 1,
      helpfulShare: 0.8,
      searchesWithoutResult: 8,
      topMissedQueries: [
        { query: 'hediye paketi', locale: 'tr', count: 5 },
        { query: 'kargo ucreti', locale: 'tr', count: 3 },
      ],
      suggestionsShown: 9,
      openedFromWidget: 5,
      wroteAfterOpening: 3,
      // Day 1: 4 − 1 = 3; day 2: 1 − 2 is not below 0.
      deflections: 3,
      deflectionRate: 0.6,
    });
    expect(f.topArticles.map((a) => [a.id, a.title, a.views, a.deflections])).toEqual([
      ['cancel-order', null, 20, 0],
      ['track-order', 'Kargom nerede?', 15, 3],
    ]);
  });

  it('has nothing to divide by without votes or widget openings', () => {
    expect(helpCenterFigures([], () => undefined)).toMatchObject({ views: 0, helpfulShare: null, deflectionRate: null, topArticles: [], topMissedQueries: [] });
  });
});
