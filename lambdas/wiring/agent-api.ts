import { DynamoAgentStore } from '#adapters/agent-store';
import { createConnectionPusher } from '#adapters/connections-client';
import { sqsOutboundQueue } from '#adapters/fifo-queue';
import { s3AgentFiles } from '#adapters/s3-agent-files';
import { s3AgentUploads } from '#adapters/s3-agent-uploads';
import { createS3Client } from '#adapters/s3-client';
import { createSqsClient } from '#adapters/sqs-client';
import type { AgentApiDeps } from '#agent/api';
import { pushToVisitor } from '#channels/chat/push-sender';
import { requireEnv } from './env';
import { once } from './lazy';
import { csatSettingsFromEnv, storeOptionsFromEnv } from './settings';
import { chatStoreFromEnv, documentClient } from './shared';

/** The agent API's dependencies. */
export function agentApiDepsFromEnv(env = process.env): AgentApiDeps {
  // Only replies with files and erasures touch the buckets.
  const files = once(() => s3AgentFiles(createS3Client()));
  const presence = { store: chatStoreFromEnv(env), pusher: createConnectionPusher(requireEnv('CHAT_CALLBACK_URL', env)) };
  const s3 = createS3Client();
  return {
    store: new DynamoAgentStore(documentClient(), storeOptionsFromEnv(env)),
    outbound: sqsOutboundQueue(createSqsClient(), requireEnv('OUTBOUND_QUEUE_URL', env)),
    files: { erase: (refs) => files().erase(refs), missing: (refs) => files().missing(refs) },
    uploads: s3AgentUploads(s3, requireEnv('ATTACHMENTS_BUCKET', env)),
    chat: { typing: (visitorId, on) => pushToVisitor(presence, visitorId, { type: 'typing', on }) },
    csat: csatSettingsFromEnv(env),
  };
}
