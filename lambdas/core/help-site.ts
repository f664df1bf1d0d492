import type { Article, ArticleCatalogue, ArticleLinks, ArticleLocale } from '#helpcenter/articles';
import { currentArticles, type ArticleRevision, type StarterArticle, siteArticle } from '#helpcenter/library';

/**
 * The help center's publisher: renders the whole site from the articles as they stand (the shipped set
 * with the admins' revisions over it) and writes it where it is served. One renders at a time (a lease
 * in the table); a change made while it renders is counted (`wanted`), and the lease is given back only
 * once what was rendered is the last thing asked for, so the last state always wins and two publishes
 * never interleave their files. A repeated or late request finds nothing new and renders nothing.
 */
export interface PublishState {
  /** Takes the lease when it is free or expired: the requests counted and rendered so far; undefined while another holds it. */
  acquire(owner: string, now: Date, leaseMs: number): Promise<{ wanted: number; done: number } | undefined>;
  /** Records `rendered` as done and frees the lease, unless more was asked meanwhile: then the new count, the lease renewed. */
  release(owner: string, rendered: number, now: Date, leaseMs: number): Promise<{ released: true } | { released: false; wanted: number }>;
  /** What the bot's answers link from now on (the pipeline reads it). */
  saveLinks(links: ArticleLinks): Promise<void>;
  /** Which articles are published, by id (the agent API's event route and metrics read it). */
  saveCatalogue(catalogue: ArticleCatalogue): Promise<void>;
}

export interface SiteTarget {
  /** Writes the site's files (unchanged ones may be skipped) and removes pages no longer in it. */
  write(files: ReadonlyMap<string, string>): Promise<{ written: number; removed: number }>;
}

export interface HelpSiteDeps {
  readonly state: PublishState;
  readonly target: SiteTarget;
  /** Drops the CDN's cached pages; absent where nothing caches them. */
  readonly cdn?: { invalidate(reference: string): Promise<void> };
  readonly starter: readonly StarterArticle[];
  readonly stored: (locale: ArticleLocale) => Promise<ArticleRevision[]>;
  readonly locales: readonly ArticleLocale[];
  readonly render: (articles: readonly Article[]) => ReadonlyMap<string, string>;
  readonly links: (articles: readonly Article[]) => ArticleLinks;
  readonly catalogue: (articles: readonly Article[]) => ArticleCatalogue;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly log?: (message: string, extra: Record<string, unknown>) => void;
}

export interface PublishOptions {
  readonly owner: string;
  /** Render even when nothing new was asked for (after a deployment rewrote the files). */
  readonly force?: boolean;
  readonly leaseMs?: number;
  /** How long to wait for another run's lease before giving up (an error: Lambda retries it). */
  readonly waitMs?: number;
}

export class PublisherBusyError extends Error {
  override name = 'PublisherBusyError';
}

export async function publishHelpSite(deps: HelpSiteDeps, o: PublishOptions): Promise<{ renders: number }> {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const leaseMs = o.leaseMs ?? 60_000;
  const giveUpAt = now().getTime() + (o.waitMs ?? 60_000);
  let state = await deps.state.acquire(o.owner, now(), leaseMs);
  while (!state) {
    if (now().getTime() > giveUpAt) throw new PublisherBusyError('another publish has held the lease too long');
    await sleep(500);
    state = await deps.state.acquire(o.owner, now(), leaseMs);
  }
  let wanted = state.wanted;
  let rendered = state.done;
  let renders = 0;
  let due = o.force === true || state.done < wanted;
  for (;;) {
    if (due) {
      await renderOnce(deps, wanted, o.owner);
      renders++;
      rendered = wanted;
    }
    const r = await deps.state.release(o.owner, rendered, now(), leaseMs);
    if (r.released) return { renders };
    // Asked for again while this one rendered: render once more, still holding the (renewed) lease.
    wanted = r.wanted;
    due = true;
  }
}

async function renderOnce(deps: HelpSiteDeps, wanted: number, owner: string): Promise<void> {
  const revisions = (await Promise.all(deps.locales.map(async (l) => currentArticles(deps.starter, await deps.stored(l), l)))).flat();
  const articles = revisions.map(siteArticle);
  const files = deps.render(articles);
  const { written, removed } = await deps.target.write(files);
  if (deps.cdn && (written || removed)) await deps.cdn.invalidate(`${owner}-${wanted}`);
  await Promise.all([deps.state.saveLinks(deps.links(articles)), deps.state.saveCatalogue(deps.catalogue(articles))]);
  deps.log?.('help center rendered', { request: wanted, files: files.size, written, removed, published: articles.filter((a) => a.published).length });
}
