import { sendFifoBatch } from '../adapters/fifo-queue';
import { socialSecretsFromEnv } from '../adapters/social-secrets';
import { createSqsClient } from '../adapters/sqs-client';
import { socialQueueIds } from '../channels/social/queue-ids';
import { makeSocialWebhook } from '../channels/social/webhook';
import { requireEnv } from '../config/env';
import { httpHandler } from '../http/middleware';
import { logger } from '../observability';

const sqs = createSqsClient();
const queueUrl = requireEnv('SOCIAL_QUEUE_URL');

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
    onIgnored: (provider, what) => logger.info('webhook content acknowledged, not handled', { provider, what }),
  }),
);
