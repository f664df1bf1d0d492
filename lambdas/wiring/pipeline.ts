import { dynamoAnswerOverrides } from '#adapters/answer-overrides';
import { DynamoStore } from '#adapters/dynamo-store';
import { dynamoRuleSource } from '#adapters/routing-store';
import { sqsOutboundQueue } from '#adapters/fifo-queue';
import { createLexClient } from '#adapters/lex-client';
import { LexRecognizer } from '#adapters/lex-recognizer';
import { DynamoOrderLookup } from '#adapters/orders-dynamo';
import { HttpOrderLookup } from '#adapters/orders-http';
import { createSchedulerClient, eventBridgeSlaTimer } from '#adapters/sla-scheduler';
import { dynamoTeamStore } from '#adapters/team-directory';
import { createSqsClient } from '#adapters/sqs-client';
import { assignmentDepsFromEnv } from './assignment';
import modelJson from '#brain/model.json';
import articleLinksJson from '#definitions/bot/article-links.json';
import { readArticleLinks } from '#adapters/help-site-state';
import type { ArticleLinks, ArticleLocale } from '#helpcenter/articles';
import { Model, type ModelFile } from '#brain/model';
import { BuiltinRecognizer } from '#brain/recognizer';
import type { BrainDeps } from '#core/analyse';
import type { PipelineDeps } from '#core/pipeline';
import type { PipelineSettings } from '#core/plan-inbound';
import type { OrderLookup } from '#core/ports';
import type { DocumentClient } from '#adapters/aws/dynamodb';
import { logger } from '#observability';
import { requireEnv } from './env';
import { type BrainSettings, brainSettingsFromEnv, pipelineSettingsFromEnv, slaScheduleSettingsFromEnv, storeOptionsFromEnv } from './settings';
import { documentClient } from './shared';

/** Orders come from the orders table or from the shop's endpoint, as the binding orders:read says. */
function orderLookupFromEnv(db: DocumentClient, env: NodeJS.ProcessEnv): OrderLookup {
  if (env.ORDERS_TABLE_NAME) return new DynamoOrderLookup(db, env.ORDERS_TABLE_NAME);
  return new HttpOrderLookup({
    baseUrl: requireEnv('ORDERS_BASE_URL', env),
    ...(env.ORDERS_AUTHORIZATION ? { authorization: env.ORDERS_AUTHORIZATION } : {}),
  });
}

function brainFromEnv(db: DocumentClient, env: NodeJS.ProcessEnv, pipeline: PipelineSettings, brain: BrainSettings): BrainDeps {
  return {
    builtin: new BuiltinRecognizer(new Model(modelJson as unknown as ModelFile), {
      orderNumberPattern: brain.orderNumberPattern,
      outOfScopeBelow: brain.outOfScopeBelow,
    }),
    // The bot exists when the configuration gives Lex a locale; then its binding names it.
    ...(env.LEX_BOT_ID
      ? {
          lex: new LexRecognizer(createLexClient(env), {
            botId: env.LEX_BOT_ID,
            botAliasId: requireEnv('LEX_BOT_ALIAS_ID', env),
            localeIds: brain.lexLocaleIds,
          }),
        }
      : {}),
    orders: orderLookupFromEnv(db, env),
    settings: {
      defaultLocale: pipeline.defaultLocale,
      locales: pipeline.locales,
      engines: brain.engines,
      shop: brain.shop,
      vipCategories: brain.vipCategories,
    },
    warn: (message, extra) => logger.warn(message, extra),
    answers: dynamoAnswerOverrides(db, requireEnv('TABLE_NAME', env)),
    articles: helpArticles(
      publishedLinks(() => readArticleLinks(db, requireEnv('TABLE_NAME', env)), articleLinksJson as ArticleLinks),
      brain.shop.helpUrl,
    ),
  };
}

/** How long a container trusts the links it read: an article unpublished is no longer linked after at most this. */
const LINKS_MAX_AGE_MS = 60_000;

/**
 * The links the site's last rendering published (one GetItem a minute per container), or the shipped
 * set's (article-links.json) before any rendering: the bot never links a page the site no longer has.
 */
export function publishedLinks(read: () => Promise<ArticleLinks | undefined>, shipped: ArticleLinks, now = Date.now): () => Promise<ArticleLinks> {
  let cached: { links: ArticleLinks; at: number } | undefined;
  return async () => {
    if (!cached || now() - cached.at > LINKS_MAX_AGE_MS) cached = { links: (await read()) ?? shipped, at: now() };
    return cached.links;
  };
}

/** The help center's page for an intent: `<shop.helpUrl>/<locale>/<slug>/`, where the stack serves the site. */
export function helpArticles(links: () => Promise<ArticleLinks>, helpUrl: string): NonNullable<BrainDeps['articles']> {
  const base = helpUrl.endsWith('/') ? helpUrl : `${helpUrl}/`;
  return {
    url: async (intent, locale) => {
      const slug = (await links())[intent]?.[locale as ArticleLocale];
      return slug ? new URL(`${locale}/${slug}/`, base).href : undefined;
    },
  };
}

/** The pipeline function's dependencies. */
export function pipelineDepsFromEnv(env = process.env): PipelineDeps {
  const db = documentClient();
  // Read and checked once: BRAIN_SETTINGS, which both parts read, is the largest variable.
  const brain = brainSettingsFromEnv(env);
  const settings = pipelineSettingsFromEnv(env, brain);
  return {
    store: new DynamoStore(db, storeOptionsFromEnv(env)),
    outbound: sqsOutboundQueue(createSqsClient(), requireEnv('OUTBOUND_QUEUE_URL', env)),
    settings,
    brain: brainFromEnv(db, env, settings, brain),
    slaTimer: eventBridgeSlaTimer(createSchedulerClient(env), slaScheduleSettingsFromEnv(env)),
    assignment: assignmentDepsFromEnv(db, env),
    rules: dynamoRuleSource(db, requireEnv('TABLE_NAME', env)),
    teams: dynamoTeamStore(db, storeOptionsFromEnv(env).tableName),
  };
}
