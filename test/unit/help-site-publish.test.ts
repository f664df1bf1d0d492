import { describe, expect, it } from 'vitest';
import { type PublishState, publishHelpSite, PublisherBusyError, type HelpSiteDeps } from '#core/help-site';
import type { StarterArticle } from '#helpcenter/library';

/** The publisher's state item in memory, with the adapter's conditions (adapters/help-site-state.ts). */
class MemoryState implements PublishState {
  wanted = 0;
  done = 0;
  owner: string | undefined;
  leaseUntil = 0;
  links: unknown;
  catalogue: unknown;
  async acquire(owner: string, now: Date, leaseMs: number) {
    if (this.owner && this.leaseUntil >= now.getTime()) return undefined;
    this.owner = owner;
    this.leaseUntil = now.getTime() + leaseMs;
    return { wanted: this.wanted, done: this.done };
  }
  async release(owner: string, rendered: number, now: Date, leaseMs: number) {
    if (this.owner !== owner) return { released: true as const };
    this.done = rendered;
    if (this.wanted <= rendered) {
      this.owner = undefined;
      return { released: true as const };
    }
    this.leaseUntil = now.getTime() + leaseMs;
    return { released: false as const, wanted: this.wanted };
  }
  async saveLinks(links: unknown) {
    this.links = links;
  }
  async saveCatalogue(catalogue: unknown) {
    this.catalogue = catalogue;
  }
}

const starter: StarterArticle[] = [
  { locale: 'tr', id: 'a', slug: 'a', title: 'A', body: 'a', category: 'c', intents: ['track_order'], tags: [], order: 0, published: true },
];

function setup(state = new MemoryState()) {
  const renders: string[][] = [];
  let onWrite: () => void = () => {};
  const deps: HelpSiteDeps = {
    state,
    target: {
      write: async (files) => {
        renders.push([...files.keys()]);
        onWrite();
        return { written: files.size, removed: 0 };
      },
    },
    starter,
    stored: async () => [],
    locales: ['tr'],
    render: (articles) => new Map(articles.filter((a) => a.published).map((a) => [`${a.locale}/${a.slug}/index.html`, a.body])),
    links: (articles) => ({ track_order: { tr: articles[0]!.slug } }),
    catalogue: (articles) => ({ tr: Object.fromEntries(articles.filter((a) => a.published).map((a) => [a.id, { slug: a.slug, title: a.title }])) }),
    sleep: async () => {},
  };
  return { deps, state, renders, setOnWrite: (f: () => void) => (onWrite = f) };
}

describe('the help center publisher', () => {
  it('renders what was asked for, records it done, frees the lease and publishes the bot links and the published articles', async () => {
    const { deps, state, renders } = setup();
    state.wanted = 1;
    expect(await publishHelpSite(deps, { owner: 'run-1' })).toEqual({ renders: 1 });
    expect(renders).toEqual([['tr/a/index.html']]);
    expect(state).toMatchObject({ done: 1, owner: undefined, links: { track_order: { tr: 'a' } }, catalogue: { tr: { a: { slug: 'a', title: 'A' } } } });
  });

  it('renders nothing for a replayed request already rendered, unless forced', async () => {
    const { deps, state, renders } = setup();
    state.wanted = 3;
    state.done = 3;
    expect(await publishHelpSite(deps, { owner: 'late' })).toEqual({ renders: 0 });
    expect(await publishHelpSite(deps, { owner: 'deploy', force: true })).toEqual({ renders: 1 });
    expect(renders).toHaveLength(1);
    expect(state.owner).toBeUndefined();
  });

  it('renders again when a change is asked for while it renders, so the last state wins', async () => {
    const { deps, state, renders, setOnWrite } = setup();
    state.wanted = 1;
    let changes = 2;
    setOnWrite(() => {
      if (changes-- > 0) state.wanted++;
    });
    expect(await publishHelpSite(deps, { owner: 'run-1' })).toEqual({ renders: 3 });
    expect(state).toMatchObject({ wanted: 3, done: 3, owner: undefined });
    expect(renders).toHaveLength(3);
  });

  it('waits for a lease another run holds, then finds its request rendered by that run', async () => {
    const { deps, state } = setup();
    state.wanted = 2;
    state.owner = 'other';
    state.leaseUntil = Date.now() + 60_000;
    let waited = 0;
    const run = publishHelpSite(
      {
        ...deps,
        sleep: async () => {
          waited++;
          // The other run finishes what was asked meanwhile.
          if (waited === 3) Object.assign(state, { done: 2, owner: undefined });
        },
      },
      { owner: 'run-2' },
    );
    expect(await run).toEqual({ renders: 0 });
    expect(waited).toBe(3);
  });

  it('takes over a lease that expired (its run died), and fails by name when a live one is held too long', async () => {
    const { deps, state } = setup();
    state.wanted = 1;
    Object.assign(state, { owner: 'dead', leaseUntil: Date.now() - 1 });
    expect(await publishHelpSite(deps, { owner: 'run-3' })).toEqual({ renders: 1 });
    Object.assign(state, { wanted: 2, owner: 'stuck', leaseUntil: Date.now() + 600_000 });
    let clock = Date.now();
    await expect(
      publishHelpSite({ ...deps, now: () => new Date(clock), sleep: async (ms) => void (clock += ms) }, { owner: 'run-4', waitMs: 5_000 }),
    ).rejects.toBeInstanceOf(PublisherBusyError);
  });
});
