import { DynamoAgentStore } from '#adapters/agent-store';
import { readArticleCatalogue } from '#adapters/help-site-state';
import { DynamoHelpStats } from '#adapters/help-stats';
import { dynamoMacroStore, dynamoRuleStore } from '#adapters/routing-store';
import { dynamoTeamStore } from '#adapters/team-directory';
import { createConnectionPusher } from '#adapters/connections-client';
import { sqsOutboundQueue } from '#adapters/fifo-queue';
import { s3AgentFiles } from '#adapters/s3-agent-files';
import { s3AgentUploads } from '#adapters/s3-agent-uploads';
import { createS3Client } from '#adapters/s3-client';
import { createSqsClient } from '#adapters/sqs-client';
import type { AgentApiDeps } from '#agent/api';
import type { HelpArticles } from '#agent/ports';
import { pushToVisitor } from '#channels/chat/push-sender';
import intentSummaries from '#definitions/bot/intent-summaries.json';
import helpArticlesJson from '#definitions/help-articles.json';
import type { ArticleCatalogue } from '#helpcenter/articles';
import { assignmentDepsFromEnv } from './assignment';
import { auditLogFromEnv, exportDepsFromEnv } from './audit';
import { requireEnv } from './env';
import { helpCenterDepsFromEnv } from './help-center';
import { once } from './lazy';
import { npsDepsFromEnv } from './nps';
import { ticketSearchFromEnv } from './search';
import { calendarSettingsFromEnv, csatSettingsFromEnv, storeOptionsFromEnv } from './settings';
import { chatStoreFromEnv, documentClient } from './shared';

/** The agent API's dependencies. */
export function agentApiDepsFromEnv(env = process.env): AgentApiDeps {
  // Only file links, uploads, replies with files and erasures touch the buckets: one S3 client, built on first use.
  const s3 = once(() => createS3Client(env));
  const files = once(() => s3AgentFiles(s3()));
  const bucket = requireEnv('ATTACHMENTS_BUCKET', env);
  const uploads = once(() => s3AgentUploads(s3(), bucket));
  const nps = npsDepsFromEnv(documentClient(), env);
  const presence = { store: chatStoreFromEnv(env), pusher: createConnectionPusher(requireEnv('CHAT_CALLBACK_URL', env), env) };
  return {
    store: new DynamoAgentStore(documentClient(), storeOptionsFromEnv(env)),
    outbound: sqsOutboundQueue(createSqsClient(), requireEnv('OUTBOUND_QUEUE_URL', env)),
    files: { erase: (refs) => files().erase(refs), missing: (refs) => files().missing(refs) },
    uploads: {
      downloadLink: (ref, seconds) => uploads().downloadLink(ref, seconds),
      uploadForm: (key, contentType, maxBytes, seconds) => uploads().uploadForm(key, contentType, maxBytes, seconds),
      inspect: (key) => uploads().inspect(key),
      remove: (key) => uploads().remove(key),
      keep: (key) => uploads().keep(key),
    },
    chat: { typing: (visitorId, on) => pushToVisitor(presence, visitorId, { type: 'typing', on }) },
    csat: csatSettingsFromEnv(env),
    people: assignmentDepsFromEnv(documentClient(), env),
    rules: dynamoRuleStore(documentClient(), requireEnv('TABLE_NAME', env)),
    macros: dynamoMacroStore(documentClient(), requireEnv('TABLE_NAME', env)),
    teams: dynamoTeamStore(documentClient(), requireEnv('TABLE_NAME', env)),
    ...(nps ? { nps } : {}),
    audit: auditLogFromEnv(env),
    exports: exportDepsFromEnv(env),
    search: ticketSearchFromEnv(env),
    sla: { calendars: calendarSettingsFromEnv(env), teams: dynamoTeamStore(documentClient(), requireEnv('TABLE_NAME', env)) },
    helpCenter: {
      ...helpCenterDepsFromEnv(new Set(intentSummaries.map((i) => i.name)), env),
      stats: new DynamoHelpStats(documentClient(), requireEnv('TABLE_NAME', env)),
      articles: catalogueArticles(() => readArticleCatalogue(documentClient(), requireEnv('TABLE_NAME', env)), helpArticlesJson),
    },
  };
}

/** How long a container trusts the published articles it read (as the bot's links, wiring/pipeline.ts). */
const CATALOGUE_MAX_AGE_MS = 60_000;

/**
 * The published articles as the site's last rendering published them (one GetItem a minute per
 * container), or the shipped set's (help-articles.json, written by npm run article-links) before any
 * rendering: an article an admin publishes is counted, and one unpublished is refused, within a minute.
 */
export function catalogueArticles(read: () => Promise<ArticleCatalogue | undefined>, shipped: ArticleCatalogue, now = Date.now): HelpArticles {
  let cached: { catalogue: ArticleCatalogue; at: number } | undefined;
  const current = async () => {
    if (!cached || now() - cached.at > CATALOGUE_MAX_AGE_MS) cached = { catalogue: (await read()) ?? shipped, at: now() };
    return cached.catalogue;
  };
  const own = <T>(o: Record<string, T> | undefined, key: string): T | undefined => (o && Object.hasOwn(o, key) ? o[key] : undefined);
  return { find: async (locale, id) => own(own(await current(), locale), id) };
}
