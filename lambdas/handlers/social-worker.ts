import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createDocumentClient } from '../adapters/dynamodb-client';
import { enqueueInbound } from '../adapters/fifo-queue';
import { createS3Client } from '../adapters/s3-client';
import { socialSecretsFromEnv } from '../adapters/social-secrets';
import { SocialStore } from '../adapters/social-store';
import { createSqsClient } from '../adapters/sqs-client';
import { socialEventSchema } from '../channels/social/events';
import { socialSettingsFromEnv } from '../channels/social/settings';
import { processSocialEvent, type SocialWorkerDeps } from '../channels/social/worker';
import { requireEnv } from '../config/env';
import { parseRecord } from '../http/queue-record';
import { sqsBatchHandler } from '../http/sqs-batch';
import { logger, metrics } from '../observability';
import { DynamoFailureLog } from '../adapters/failure-log-dynamo';

const s3 = createS3Client();
const sqs = createSqsClient();
const bucket = requireEnv('ATTACHMENTS_BUCKET');
const inboundQueueUrl = requireEnv('INBOUND_QUEUE_URL');

const deps: SocialWorkerDeps = {
  secrets: socialSecretsFromEnv(),
  settings: socialSettingsFromEnv(),
  bucket,
  putObject: async (key, bytes, contentType) => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType }));
  },
  enqueueInbound: (msg) => enqueueInbound(sqs, inboundQueueUrl, msg),
  receipts: new SocialStore(createDocumentClient(), requireEnv('TABLE_NAME')),
};

export const handler = sqsBatchHandler(async (record) => {
  const event = parseRecord(record, socialEventSchema);
  const result = await processSocialEvent(deps, event);
  logger.info('social event processed', {
    kind: event.kind,
    channel: event.kind === 'message' ? event.message.channel : event.channel,
    id: event.kind === 'message' ? event.message.channelMessageId : event.kind === 'status' ? event.providerMessageId : `${event.conversationKey}@${event.watermark}`,
    result,
  });
  metrics.addMetric(result === 'forwarded' ? 'SocialMessages' : 'SocialReceipts', MetricUnit.Count, 1);
  return result;
}, new DynamoFailureLog(createDocumentClient(), requireEnv('TABLE_NAME')));
