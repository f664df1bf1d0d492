import * as z from 'zod/mini';
import { CloudFrontClient } from '#adapters/aws/cloudfront';
import { DynamoHelpArticles } from '#adapters/help-articles';
import { DynamoPublishState } from '#adapters/help-site-state';
import { createS3Client } from '#adapters/s3-client';
import { S3SiteTarget } from '#adapters/s3-site';
import type { HelpSiteDeps } from '#core/help-site';
import starterJson from '#definitions/help-center-starter.json';
import { ARTICLE_LOCALES, articleCatalogue, articleLinks } from '#helpcenter/articles';
import type { StarterArticle } from '#helpcenter/library';
import { buildSite, type Categories } from '#helpcenter/site';
import { logger, traced } from '#observability';
import { jsonEnv, requireEnv } from './env';
import { documentClient } from './shared';

const siteSchema = z.object({ baseUrl: z.string(), cssPath: z.string(), jsPath: z.string() });
const settingsSchema = z.object({
  shop: z.object({ name: z.string(), returnDays: z.number(), helpUrl: z.string() }),
  defaultLocale: z.enum(['tr', 'en']),
  color: z.optional(z.string()),
  contactHref: z.string(),
});

const starter = starterJson as unknown as { categories: Categories; articles: StarterArticle[] };

/** The help center publisher's dependencies (bindings table:readwrite and helpcenter:site, settings helpCenter). */
export function helpSiteDepsFromEnv(env = process.env): HelpSiteDeps {
  const tableName = requireEnv('TABLE_NAME', env);
  const site = jsonEnv('HELP_CENTER_SITE', siteSchema, env);
  const settings = jsonEnv('HELP_CENTER_SETTINGS', settingsSchema, env);
  const distribution = env.HELP_CENTER_DISTRIBUTION_ID;
  const prefix = env.HELP_CENTER_PREFIX ?? '';
  const articles = new DynamoHelpArticles(documentClient(), tableName);
  return {
    state: new DynamoPublishState(documentClient(), tableName),
    target: new S3SiteTarget(createS3Client(env), requireEnv('HELP_CENTER_BUCKET', env), prefix, ARTICLE_LOCALES),
    ...(distribution ? { cdn: invalidator(traced(new CloudFrontClient({ env })), distribution, prefix) } : {}),
    starter: starter.articles,
    stored: (locale) => articles.list(locale),
    locales: ARTICLE_LOCALES,
    render: (all) =>
      buildSite(
        all,
        starter.categories,
        {
          baseUrl: site.baseUrl,
          shop: settings.shop,
          defaultLocale: settings.defaultLocale,
          ...(settings.color ? { color: settings.color } : {}),
          contactHref: settings.contactHref,
        },
        { cssPath: site.cssPath, jsPath: site.jsPath },
      ),
    links: articleLinks,
    catalogue: articleCatalogue,
    log: (message, extra) => logger.info(message, extra),
  };
}

/** The site's cached copies dropped after a rendering: one wildcard path, the site's prefix. */
function invalidator(cloudFront: CloudFrontClient, distribution: string, prefix: string): NonNullable<HelpSiteDeps['cdn']> {
  return { invalidate: (reference) => cloudFront.createInvalidation(distribution, [`/${prefix}*`], reference) };
}
