import { DynamoAgentStore } from '#adapters/agent-store';
import { DynamoHelpStats } from '#adapters/help-stats';
import { createConnectionPusher } from '#adapters/connections-client';
import { sqsOutboundQueue } from '#adapters/fifo-queue';
import { s3AgentFiles } from '#adapters/s3-agent-files';
import { s3AgentUploads } from '#adapters/s3-agent-uploads';
import { createS3Client } from '#adapters/s3-client';
import { createSqsClient } from '#adapters/sqs-client';
import type { AgentApiDeps } from '#agent/api';
import { pushToVisitor } from '#channels/chat/push-sender';
import intentSummaries from '#definitions/bot/intent-summaries.json';
import helpArticlesJson from '#definitions/help-articles.json';
import type { ArticleCatalogue } from '#helpcenter/articles';
import { requireEnv } from './env';
import { helpCenterDepsFromEnv } from './help-center';
import { once } from './lazy';
import { csatSettingsFromEnv, storeOptionsFromEnv } from './settings';
import { chatStoreFromEnv, documentClient } from './shared';

/** The agent API's dependencies. */
export function agentApiDepsFromEnv(env = process.env): AgentApiDeps {
  // Only file links, uploads, replies with files and erasures touch the buckets: one S3 client, built on first use.
  const s3 = once(() => createS3Client(env));
  const files = once(() => s3AgentFiles(s3()));
  const bucket = requireEnv('ATTACHMENTS_BUCKET', env);
  const uploads = once(() => s3AgentUploads(s3(), bucket));
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
    helpCenter: {
      ...helpCenterDepsFromEnv(new Set(intentSummaries.map((i) => i.name)), env),
      stats: new DynamoHelpStats(documentClient(), requireEnv('TABLE_NAME', env)),
      articles: catalogueArticles(helpArticlesJson),
    },
  };
}

/** The published articles as the build left them (npm run article-links writes help-articles.json). */
export function catalogueArticles(catalogue: ArticleCatalogue) {
  const own = <T>(o: Record<string, T> | undefined, key: string): T | undefined => (o && Object.hasOwn(o, key) ? o[key] : undefined);
  return { find: (locale: string, id: string) => own(own(catalogue, locale), id) };
}
