import { ConflictError, NotFoundError, ValidationError } from '#core/errors';
import type { ArticleLocale } from '#helpcenter/articles';
import {
  type ArticleChange,
  type ArticleContent,
  type ArticleRevision,
  currentArticles,
  type StarterArticle,
  shippedRevision,
  unknownPlaceholders,
} from '#helpcenter/library';

/** One article's write: its new revision, the version it replaces (0: the table has none), and the shipped version to keep first. */
export interface ArticleWrite {
  readonly revision: ArticleRevision;
  readonly replaces: number;
  readonly shipped?: ArticleRevision;
}

/** The admins' revisions in the table (adapters/help-articles.ts). */
export interface HelpArticleStore {
  /** The stored current revisions of a locale (articles never edited are not there). */
  list(locale: ArticleLocale): Promise<ArticleRevision[]>;
  get(locale: ArticleLocale, id: string): Promise<ArticleRevision | undefined>;
  /** Every stored version of an article, newest first. */
  versions(locale: ArticleLocale, id: string): Promise<ArticleRevision[]>;
  /** All writes or none; ConflictError when an article is no longer at the version a write replaces. */
  save(writes: readonly ArticleWrite[]): Promise<void>;
}

/** Asks for the site to be rendered again from the articles as they stand (a FIFO message; repeats are harmless). */
export interface SitePublisher {
  requestRebuild(reason: string): Promise<void>;
}

export interface HelpCenterDeps {
  readonly store: HelpArticleStore;
  readonly publisher: SitePublisher;
  /** The shipped set, loaded when first needed (it is large; most agent API calls never need it). */
  readonly starter: () => Promise<readonly StarterArticle[]>;
  /** The bot definition's intent names: an article may only name these. */
  readonly intents: ReadonlySet<string>;
  readonly placeholders: readonly string[];
}

export interface Actor {
  readonly who: string;
  readonly at: string;
}

const where = (locale: string, id: string) => `article ${locale}/${id}`;

/** The admins' operations on articles: versioned, checked against the version an edit was based on. */
export class HelpLibrary {
  constructor(private readonly deps: HelpCenterDeps) {}

  async list(locale: ArticleLocale): Promise<ArticleRevision[]> {
    return currentArticles(await this.deps.starter(), await this.deps.store.list(locale), locale);
  }

  async get(locale: ArticleLocale, id: string): Promise<ArticleRevision & { stored: boolean }> {
    const stored = await this.deps.store.get(locale, id);
    if (stored) return { ...stored, stored: true };
    const shipped = (await this.deps.starter()).find((a) => a.locale === locale && a.id === id);
    if (!shipped) throw new NotFoundError(`${where(locale, id)} does not exist`);
    return { ...shippedRevision(shipped), stored: false };
  }

  /** Newest first; an article never edited has its shipped version only. */
  async versions(locale: ArticleLocale, id: string): Promise<ArticleRevision[]> {
    const current = await this.get(locale, id);
    if (!current.stored) return [withoutStored(current)];
    return this.deps.store.versions(locale, id);
  }

  async create(input: ArticleContent & { locale: ArticleLocale; id: string; slug: string; published: boolean; order?: number }, by: Actor) {
    this.check(input);
    const all = await this.list(input.locale);
    if (all.some((a) => a.id === input.id)) throw new ConflictError(`${where(input.locale, input.id)} exists already: edit it instead`);
    const sameSlug = all.find((a) => a.slug === input.slug);
    if (sameSlug) throw new ConflictError(`slug "${input.slug}" is the URL of ${where(input.locale, sameSlug.id)}: choose another`);
    const last = Math.max(-1, ...all.filter((a) => a.category === input.category).map((a) => a.order));
    const revision: ArticleRevision = {
      locale: input.locale,
      id: input.id,
      slug: input.slug,
      title: input.title,
      body: input.body,
      category: input.category,
      intents: input.intents,
      tags: input.tags,
      order: input.order ?? last + 1,
      published: input.published,
      version: 1,
      change: 'create',
      updatedAt: by.at,
      updatedBy: by.who,
    };
    await this.deps.store.save([{ revision, replaces: 0 }]);
    await this.deps.publisher.requestRebuild(`created ${where(input.locale, input.id)}`);
    return revision;
  }

  /** Title, body, category, intents, tags, or the published state; a change to nothing writes nothing. */
  async edit(locale: ArticleLocale, id: string, basedOn: number, change: Partial<ArticleContent> & { published?: boolean }, by: Actor) {
    const current = await this.at(locale, id, basedOn);
    const next = { ...withoutStored(current), ...change };
    this.check(next);
    const kind: ArticleChange =
      change.published !== undefined && change.published !== current.published && !contentChanged(current, next)
        ? change.published
          ? 'publish'
          : 'unpublish'
        : 'edit';
    return this.write(current, next, kind, by);
  }

  /** A previous version's content (title, body, category, intents, tags) as a new version; published state and order stay. */
  async restore(locale: ArticleLocale, id: string, basedOn: number, version: number, by: Actor) {
    const current = await this.at(locale, id, basedOn);
    const source = (await this.versions(locale, id)).find((v) => v.version === version);
    if (!source) throw new NotFoundError(`${where(locale, id)} has no version ${version}`);
    const { title, body, category, intents, tags } = source;
    return this.write(current, { ...withoutStored(current), title, body, category, intents, tags }, 'restore', by, version);
  }

  /** The category's articles in this order (every one of them, each once); each moved article gets a version. */
  async reorder(locale: ArticleLocale, category: string, ids: readonly string[], by: Actor): Promise<ArticleRevision[]> {
    const inCategory = (await this.list(locale)).filter((a) => a.category === category);
    if (!inCategory.length) throw new NotFoundError(`category ${locale}/${category} has no articles`);
    const known = new Set(inCategory.map((a) => a.id));
    const strangers = ids.filter((i) => !known.has(i));
    if (strangers.length) throw new ValidationError(`ids: ${strangers.join(', ')} not in category ${category}`, { field: 'ids' });
    const missing = [...known].filter((i) => !ids.includes(i));
    if (missing.length || new Set(ids).size !== ids.length)
      throw new ValidationError(`ids: name every article of category ${category} once (missing: ${missing.join(', ') || 'none'})`, { field: 'ids' });
    const stored = new Map((await this.deps.store.list(locale)).map((a) => [a.id, a]));
    const writes: ArticleWrite[] = [];
    ids.forEach((id, order) => {
      const current = inCategory.find((a) => a.id === id)!;
      if (current.order === order) return;
      writes.push(this.writeOf({ ...current, stored: stored.has(id) }, { ...current, order }, 'reorder', by));
    });
    if (writes.length) {
      await this.deps.store.save(writes);
      await this.deps.publisher.requestRebuild(`reordered ${locale}/${category}`);
    }
    return ids.map((id) => writes.find((w) => w.revision.id === id)?.revision ?? inCategory.find((a) => a.id === id)!);
  }

  private async at(locale: ArticleLocale, id: string, basedOn: number) {
    const current = await this.get(locale, id);
    if (current.version !== basedOn)
      throw new ConflictError(
        `${where(locale, id)} is at version ${current.version} (changed by ${current.updatedBy ?? 'the shipped set'}), not ${basedOn}: reload it and make your change again`,
        { version: current.version },
      );
    return current;
  }

  private async write(current: ArticleRevision & { stored: boolean }, next: ArticleRevision, kind: ArticleChange, by: Actor, restoredFrom?: number) {
    if (kind !== 'restore' && !contentChanged(current, next) && current.published === next.published && current.order === next.order)
      return withoutStored(current);
    const w = this.writeOf(current, next, kind, by, restoredFrom);
    await this.deps.store.save([w]);
    await this.deps.publisher.requestRebuild(`${kind} ${where(next.locale, next.id)} v${w.revision.version}`);
    return w.revision;
  }

  private writeOf(current: ArticleRevision & { stored: boolean }, next: ArticleRevision, kind: ArticleChange, by: Actor, restoredFrom?: number): ArticleWrite {
    const { restoredFrom: _previous, ...rest } = next;
    const revision: ArticleRevision = {
      ...rest,
      version: current.version + 1,
      change: kind,
      updatedAt: by.at,
      updatedBy: by.who,
      ...(restoredFrom !== undefined ? { restoredFrom } : {}),
    };
    return current.stored ? { revision, replaces: current.version } : { revision, replaces: 0, shipped: withoutStored(current) };
  }

  /** What the schema cannot know: the bot's intents and the renderer's placeholders. */
  private check(a: ArticleContent): void {
    const intents = a.intents.filter((i) => !this.deps.intents.has(i));
    if (intents.length) throw new ValidationError(`intents: ${intents.join(', ')} not an intent of the bot definition`, { field: 'intents' });
    for (const field of ['title', 'body'] as const) {
      const unknown = unknownPlaceholders(a[field], this.deps.placeholders);
      if (unknown.length)
        throw new ValidationError(`${field}: unknown placeholder ${unknown.map((u) => `{{${u}}}`).join(', ')} (known: ${this.deps.placeholders.join(', ')})`, {
          field,
        });
    }
  }
}

function withoutStored(a: ArticleRevision & { stored?: boolean }): ArticleRevision {
  const { stored: _stored, ...rest } = a;
  return rest;
}

function contentChanged(a: ArticleContent, b: ArticleContent): boolean {
  return (
    a.title !== b.title ||
    a.body !== b.body ||
    a.category !== b.category ||
    a.intents.join('\n') !== b.intents.join('\n') ||
    a.tags.join('\n') !== b.tags.join('\n')
  );
}
