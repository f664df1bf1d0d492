import { sendFifo } from '../adapters/fifo-queue';
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
    enqueue: (event) => {
      const { group, dedup } = socialQueueIds(event);
      return sendFifo(sqs, queueUrl, event, group, dedup);
    },
    onIgnored: (provider, what) => logger.info('webhook content acknowledged, not handled', { provider, what }),
  }),
);
