import { describe, expect, it } from 'vitest';
import { type ArticleWrite, type HelpArticleStore, HelpLibrary } from '#agent/help-articles';
import { HELP_LOCALES } from '#agent/help-center-schemas';
import { editArticleBody } from '#agent/help-center-schemas';
import { ConflictError } from '#core/errors';
import { ARTICLE_LOCALES, type ArticleLocale } from '#helpcenter/articles';
import { type ArticleRevision, PLACEHOLDERS, type StarterArticle } from '#helpcenter/library';

/** The store port in memory, with DynamoDB's conditions (adapters/help-articles.ts): a write replaces the version it names, or fails whole. */
class MemoryArticles implements HelpArticleStore {
  readonly current = new Map<string, ArticleRevision>();
  readonly versionItems = new Map<string, ArticleRevision[]>();
  async list(locale: ArticleLocale) {
    return [...this.current.values()].filter((a) => a.locale === locale);
  }
  async get(locale: ArticleLocale, id: string) {
    return this.current.get(`${locale}/${id}`);
  }
  async versions(locale: ArticleLocale, id: string) {
    return [...(this.versionItems.get(`${locale}/${id}`) ?? [])].sort((a, b) => b.version - a.version);
  }
  async save(writes: readonly ArticleWrite[]) {
    for (const w of writes) {
      const have = this.current.get(`${w.revision.locale}/${w.revision.id}`)?.version ?? 0;
      if (have !== w.replaces) throw new ConflictError('changed meanwhile');
    }
    for (const w of writes) {
      const key = `${w.revision.locale}/${w.revision.id}`;
      this.current.set(key, w.revision);
      this.versionItems.set(key, [...(this.versionItems.get(key) ?? []), ...(w.shipped ? [w.shipped] : []), w.revision]);
    }
  }
}

const starter: StarterArticle[] = [
  {
    locale: 'tr',
    id: 'kargo-takibi',
    slug: 'kargo-takibi',
    title: 'Kargom nerede?',
    body: 'Takip numarası…',
    category: 'kargo',
    intents: ['track_order'],
    tags: [],
    order: 0,
    published: true,
  },
  {
    locale: 'tr',
    id: 'kargo-ucreti',
    slug: 'kargo-ucreti',
    title: 'Kargo ücreti',
    body: 'Ücretsiz…',
    category: 'kargo',
    intents: [],
    tags: [],
    order: 1,
    published: true,
  },
  {
    locale: 'en',
    id: 'kargo-takibi',
    slug: 'track-my-order',
    title: 'Where is my order?',
    body: 'Tracking…',
    category: 'shipping',
    intents: [],
    tags: [],
    order: 0,
    published: true,
  },
];

function setup() {
  const articles = new MemoryArticles();
  const rebuilds: string[] = [];
  const library = new HelpLibrary({
    store: articles,
    publisher: { requestRebuild: async (reason) => void rebuilds.push(reason) },
    starter: async () => starter,
    intents: new Set(['track_order', 'get_refund']),
    placeholders: PLACEHOLDERS,
  });
  return { articles, rebuilds, library };
}
const admin = (at = '2026-12-07T09:00:00.000Z', who = 'admin-1') => ({ who, at });

describe('help center articles managed by admins', () => {
  it('lists the shipped articles never edited as version 1, per locale', async () => {
    const { library } = setup();
    const tr = await library.list('tr');
    expect(tr.map((a) => [a.id, a.version, a.change])).toEqual([
      ['kargo-takibi', 1, 'shipped'],
      ['kargo-ucreti', 1, 'shipped'],
    ]);
    expect((await library.list('en')).map((a) => a.slug)).toEqual(['track-my-order']);
  });

  it('stores an article on its first edit with the shipped text as version 1 and the edit as version 2, who and when', async () => {
    const { library, articles, rebuilds } = setup();
    const edited = await library.edit('tr', 'kargo-takibi', 1, { body: 'Yeni metin' }, admin());
    expect(edited).toMatchObject({
      version: 2,
      change: 'edit',
      body: 'Yeni metin',
      title: 'Kargom nerede?',
      updatedBy: 'admin-1',
      updatedAt: '2026-12-07T09:00:00.000Z',
    });
    expect((await library.versions('tr', 'kargo-takibi')).map((v) => [v.version, v.change, v.body])).toEqual([
      [2, 'edit', 'Yeni metin'],
      [1, 'shipped', 'Takip numarası…'],
    ]);
    expect(articles.current.size).toBe(1);
    expect(rebuilds).toEqual(['edit article tr/kargo-takibi v2']);
  });

  it('refuses an edit based on an older version with a 409 naming the current version and who made it', async () => {
    const { library } = setup();
    await library.edit('tr', 'kargo-takibi', 1, { title: 'Birinci' }, admin('2026-12-07T09:00:00.000Z', 'ayse'));
    const stale = library.edit('tr', 'kargo-takibi', 1, { title: 'İkinci' }, admin('2026-12-07T09:01:00.000Z', 'mehmet'));
    await expect(stale).rejects.toMatchObject({ status: 409, details: { version: 2 } });
    await expect(stale).rejects.toThrow(/at version 2 \(changed by ayse\), not 1/);
    expect((await library.get('tr', 'kargo-takibi')).title).toBe('Birinci');
  });

  it('lets only one of two admins saving the same version win when both pass the version check', async () => {
    const { library } = setup();
    const results = await Promise.allSettled([
      library.edit('tr', 'kargo-ucreti', 1, { title: 'A' }, admin()),
      library.edit('tr', 'kargo-ucreti', 1, { title: 'B' }, admin()),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409 } });
    expect((await library.versions('tr', 'kargo-ucreti')).map((v) => v.version)).toEqual([2, 1]);
  });

  it('unpublishes and publishes again as versions of their own, and writes nothing when the state is already so', async () => {
    const { library, rebuilds } = setup();
    const off = await library.edit('tr', 'kargo-takibi', 1, { published: false }, admin());
    expect(off).toMatchObject({ version: 2, change: 'unpublish', published: false });
    const again = await library.edit('tr', 'kargo-takibi', 2, { published: false }, admin());
    expect(again.version).toBe(2);
    const on = await library.edit('tr', 'kargo-takibi', 2, { published: true }, admin());
    expect(on).toMatchObject({ version: 3, change: 'publish', published: true });
    expect(rebuilds).toHaveLength(2);
  });

  it("restores a previous version's content as a new version, keeping the published state and order", async () => {
    const { library } = setup();
    await library.edit('tr', 'kargo-takibi', 1, { title: 'Yanlış başlık', body: 'Yanlış metin' }, admin());
    await library.edit('tr', 'kargo-takibi', 2, { published: false }, admin());
    const restored = await library.restore('tr', 'kargo-takibi', 3, 1, admin('2026-12-07T10:00:00.000Z', 'ayse'));
    expect(restored).toMatchObject({
      version: 4,
      change: 'restore',
      restoredFrom: 1,
      title: 'Kargom nerede?',
      body: 'Takip numarası…',
      published: false,
      updatedBy: 'ayse',
    });
    expect((await library.versions('tr', 'kargo-takibi')).map((v) => v.change)).toEqual(['restore', 'unpublish', 'edit', 'shipped']);
    await expect(library.restore('tr', 'kargo-takibi', 4, 9, admin())).rejects.toMatchObject({ status: 404 });
  });

  it('creates an article as version 1, last in its category, and refuses an id or slug the locale has', async () => {
    const { library } = setup();
    const created = await library.create(
      {
        locale: 'tr',
        id: 'kapida-odeme',
        slug: 'kapida-odeme',
        title: 'Kapıda ödeme',
        body: '{{shop.name}} kapıda ödeme alır.',
        category: 'kargo',
        intents: [],
        tags: [],
        published: true,
      },
      admin(),
    );
    expect(created).toMatchObject({ version: 1, change: 'create', order: 2 });
    const again = { locale: 'tr' as const, id: 'kargo-ucreti', slug: 'yeni', title: 'x', body: 'x', category: 'kargo', intents: [], tags: [], published: true };
    await expect(library.create(again, admin())).rejects.toThrow(/exists already/);
    await expect(library.create({ ...again, id: 'yeni', slug: 'kargo-takibi' }, admin())).rejects.toThrow(/is the URL of article tr\/kargo-takibi/);
  });

  it('refuses intents the bot does not have and placeholders the renderer does not know, naming the field', async () => {
    const { library } = setup();
    await expect(library.edit('tr', 'kargo-takibi', 1, { intents: ['track_order', 'fly_to_moon'] }, admin())).rejects.toMatchObject({
      status: 400,
      details: { field: 'intents' },
      message: expect.stringContaining('fly_to_moon'),
    });
    await expect(library.edit('tr', 'kargo-takibi', 1, { body: 'Merhaba {{customer.name}}' }, admin())).rejects.toMatchObject({
      status: 400,
      details: { field: 'body' },
    });
  });

  it('reorders a category as given, a version for each article that moved, and refuses a list that is not the whole category', async () => {
    const { library } = setup();
    const ordered = await library.reorder('tr', 'kargo', ['kargo-ucreti', 'kargo-takibi'], admin());
    expect(ordered.map((a) => [a.id, a.order, a.version, a.change])).toEqual([
      ['kargo-ucreti', 0, 2, 'reorder'],
      ['kargo-takibi', 1, 2, 'reorder'],
    ]);
    await expect(library.reorder('tr', 'kargo', ['kargo-ucreti'], admin())).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('kargo-takibi'),
    });
    await expect(library.reorder('tr', 'kargo', ['kargo-ucreti', 'kargo-takibi', 'baska'], admin())).rejects.toMatchObject({ status: 400 });
    await expect(library.reorder('tr', 'yok', ['x'], admin())).rejects.toMatchObject({ status: 404 });
  });

  it('answers 404 for an article that is neither shipped nor stored', async () => {
    const { library } = setup();
    await expect(library.get('tr', 'yok')).rejects.toMatchObject({ status: 404 });
    await expect(library.edit('tr', 'yok', 1, { title: 'x' }, admin())).rejects.toMatchObject({ status: 404 });
  });
});

describe('the admin routes’ schemas', () => {
  it('know the locales the help center renders', () => {
    expect([...HELP_LOCALES]).toEqual([...ARTICLE_LOCALES]);
  });

  it('name the field of an invalid edit, and refuse an edit that changes nothing', () => {
    const bad = editArticleBody.safeParse({ basedOn: 1, category: 'Kargo İşlemleri' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['category']);
    expect(editArticleBody.safeParse({ basedOn: 1 }).error?.issues[0]?.message).toMatch(/nothing to change/);
    expect(editArticleBody.safeParse({ title: 'x' }).error?.issues[0]?.path).toEqual(['basedOn']);
  });
});
