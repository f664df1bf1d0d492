import * as z from 'zod';
import { ARTICLE_CHANGES } from '#helpcenter/library';
import { apiSchemas } from './responses';

/**
 * The help center admin routes' requests and responses (routes/help-center.ts). The article fields
 * are those of an article file's front matter (helpcenter/articles.ts), checked the same way.
 */
const named = <S extends z.core.$ZodType>(id: string, schema: S): S => (apiSchemas.add(schema, { id }), schema);

/** The help center's locales (helpcenter/articles.ts ARTICLE_LOCALES; a unit test holds them equal). */
export const HELP_LOCALES = ['tr', 'en'] as const;
const locale = z.enum(HELP_LOCALES);
const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase ASCII words joined by "-"')
  .max(80);
const version = z.number().int().positive();

const content = {
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(50_000).describe('Markdown; {{shop.name}}, {{shop.returnDays}}, {{shop.helpUrl}} are filled in'),
  category: slug.describe("the category's slug (helpcenter/categories.yaml names its title)"),
  intents: z
    .array(z.string().regex(/^[a-z_]{1,64}$/, 'an intent name such as track_order'))
    .max(20)
    .describe('the bot intents the article answers: the bot links the article in its answer'),
  tags: z.array(z.string().trim().min(1).max(60)).max(20),
};

export const articleListQuery = z.object({ locale }).strict();
export const articleParams = z.object({ locale, id: slug });
export const categoryParams = z.object({ locale, category: slug });

export const createArticleBody = z
  .object({
    locale,
    id: slug.optional().describe('links the article to its translations; default: the slug'),
    slug: slug.describe('the URL: /<locale>/<slug>/; fixed once created'),
    ...content,
    intents: content.intents.default([]),
    tags: content.tags.default([]),
    published: z.boolean().default(true),
    order: z.number().int().min(0).max(10_000).optional().describe('position in its category; default: last'),
  })
  .strict();

export const editArticleBody = z
  .object({
    basedOn: version.describe('the version this edit was made on; another change since then answers 409'),
    title: content.title.optional(),
    body: content.body.optional(),
    category: content.category.optional(),
    intents: content.intents.optional(),
    tags: content.tags.optional(),
    published: z.boolean().optional().describe('false takes the article off the site, its sitemap and search; true puts it back'),
  })
  .strict()
  .refine((b) => ['title', 'body', 'category', 'intents', 'tags', 'published'].some((k) => k in b), {
    message: 'nothing to change: give title, body, category, intents, tags or published',
  });

export const restoreArticleBody = z
  .object({ basedOn: version.describe('the current version, as for an edit'), version: version.describe('the version whose content comes back') })
  .strict();

export const reorderBody = z.object({ ids: z.array(slug).min(1).max(100).describe('every article id of the category, in the order they are shown') }).strict();

export const publishBody = z.object({ reason: z.string().trim().max(200).optional().describe("why, for the publisher's log") }).strict();

const time = z.string().describe('ISO 8601 time (UTC)');

export const articleRevisionSchema = named(
  'HelpArticle',
  z.strictObject({
    locale,
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    body: z.string(),
    category: z.string(),
    intents: z.array(z.string()),
    tags: z.array(z.string()),
    order: z.number().int(),
    published: z.boolean(),
    version: z.number().int(),
    change: z.enum(ARTICLE_CHANGES).describe('what made this version; "shipped": the repository\'s starter file, never edited'),
    updatedAt: time.optional().describe('absent on the shipped version'),
    updatedBy: z.string().optional().describe("the admin's user id; absent on the shipped version"),
    restoredFrom: z.number().int().optional(),
  }),
);

const summaryKeys = {
  locale: true,
  id: true,
  slug: true,
  title: true,
  category: true,
  order: true,
  published: true,
  version: true,
  updatedAt: true,
  updatedBy: true,
} as const;
export const articleSummarySchema = named('HelpArticleSummary', articleRevisionSchema.pick(summaryKeys).extend({ intents: z.array(z.string()) }));
export const articleListSchema = named('HelpArticles', z.strictObject({ locale, articles: z.array(articleSummarySchema) }));

export const versionSummarySchema = named(
  'HelpArticleVersion',
  articleRevisionSchema.pick({ version: true, change: true, title: true, published: true, updatedAt: true, updatedBy: true, restoredFrom: true }),
);
export const articleWithVersionsSchema = named(
  'HelpArticleWithVersions',
  z.strictObject({ article: articleRevisionSchema, versions: z.array(versionSummarySchema).describe('newest first') }),
);
export const articleVersionsSchema = named('HelpArticleVersions', z.strictObject({ versions: z.array(articleRevisionSchema).describe('newest first') }));
export const reorderResultSchema = named('HelpCategoryOrder', z.strictObject({ articles: z.array(articleSummarySchema) }));
export const publishResultSchema = named('HelpCenterPublish', z.strictObject({ requested: z.literal(true) }));
