import { sendFifoBatch } from '../adapters/fifo-queue';
import { createS3Client } from '../adapters/s3-client';
import { putObjectBytes } from '../adapters/s3-objects';
import { socialSecretsFromEnv } from '../adapters/social-secrets';
import { createSqsClient } from '../adapters/sqs-client';
import { attachmentKey } from '../channels/social/media';
import { socialQueueIds } from '../channels/social/queue-ids';
import { makeSocialWebhook } from '../channels/social/webhook';
import { requireEnv } from '../config/env';
import { httpHandler } from '../http/middleware';
import { logger } from '../observability';

const sqs = createSqsClient();
const s3 = createS3Client();
const queueUrl = requireEnv('SOCIAL_QUEUE_URL');
const bucket = requireEnv('ATTACHMENTS_BUCKET');

export const handler = httpHandler(
  makeSocialWebhook({
    secrets: socialSecretsFromEnv(),
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
    storeBody: ({ message }) => async (file) => {
      const key = attachmentKey(message, 0, `body-${file.name}`);
      const bytes = Buffer.from(file.content, 'utf8');
      await putObjectBytes(s3, bucket, key, bytes, file.contentType);
      return { bucket, key, filename: file.name, contentType: file.contentType, size: bytes.length };
    },
    onIgnored: (provider, what) => logger.info('webhook content acknowledged, not handled', { provider, what }),
  }),
);
