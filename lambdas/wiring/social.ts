import { sendFifoBatch } from '#adapters/fifo-queue';
import { createS3Client } from '#adapters/s3-client';
import { putObjectBytes } from '#adapters/s3-objects';
import { SocialStore } from '#adapters/social-store';
import { createSqsClient } from '#adapters/sqs-client';
import { attachmentKey } from '#channels/social/media';
import { socialQueueIds } from '#channels/social/queue-ids';
import type { SocialWebhookDeps } from '#channels/social/webhook';
import type { SocialWorkerDeps } from '#channels/social/worker';
import { countSocialWebhookProblems, logger } from '#observability';
import { requireEnv } from './env';
import { once } from './lazy';
import { socialSecretsFromEnv } from './secrets';
import { socialSettingsFromEnv } from './settings';
import { documentClient, inboundQueueFromEnv } from './shared';

/** The webhook: verify, enqueue on the social queue, keep oversized bodies in the attachments bucket. */
export function socialWebhookDepsFromEnv(env = process.env): SocialWebhookDeps {
  const sqs = createSqsClient();
  // Only bodies too large for the queue go to the bucket.
  const s3 = once(() => createS3Client(env));
  const queueUrl = requireEnv('SOCIAL_QUEUE_URL', env);
  const bucket = requireEnv('ATTACHMENTS_BUCKET', env);
  return {
    secrets: socialSecretsFromEnv(env),
    enqueue: (events) =>
      sendFifoBatch(
        sqs,
        queueUrl,
        events.map((event) => {
          const { group, dedup } = socialQueueIds(event);
          return { body: event, groupId: group, deduplicationId: dedup };
        }),
      ),
    // Deterministic keys: a retried webhook writes the same object again.
    storeBody:
      ({ message }) =>
      async (file) => {
        const key = attachmentKey(message, 0, `body-${file.name}`);
        const bytes = Buffer.from(file.content, 'utf8');
        await putObjectBytes(s3(), bucket, key, bytes, file.contentType);
        return { bucket, key, filename: file.name, contentType: file.contentType, size: bytes.length };
      },
    onIgnored: (provider, what) => logger.info('webhook content acknowledged, not handled', { provider, what }),
    onProblems: (provider, { unplaced, providerErrors }) => {
      if (unplaced.length) logger.warn('webhook content acknowledged but not placed: it names no sender or message id', { provider, unplaced });
      if (providerErrors.length) logger.warn('the provider reported errors in a webhook', { provider, providerErrors });
      countSocialWebhookProblems({ unplaced: unplaced.length, providerErrors: providerErrors.length });
    },
  };
}

/** The worker: media into the attachments bucket, messages onto the inbound queue, receipts into the table. */
export function socialWorkerDepsFromEnv(env = process.env): SocialWorkerDeps {
  // Only messages with media write to the bucket.
  const s3 = once(() => createS3Client(env));
  const bucket = requireEnv('ATTACHMENTS_BUCKET', env);
  return {
    secrets: socialSecretsFromEnv(env),
    settings: socialSettingsFromEnv(env),
    bucket,
    putObject: (key, bytes, contentType) => putObjectBytes(s3(), bucket, key, bytes, contentType),
    enqueueInbound: inboundQueueFromEnv(env),
    receipts: new SocialStore(documentClient(), requireEnv('TABLE_NAME', env)),
  };
}
