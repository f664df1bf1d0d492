import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createDocumentClient } from '../adapters/dynamodb-client';
import { DynamoEmailStore } from '../adapters/email-store';
import { enqueueInbound } from '../adapters/fifo-queue';
import { createS3Client } from '../adapters/s3-client';
import { getObjectBytes, putObjectBytes } from '../adapters/s3-objects';
import { createSqsClient } from '../adapters/sqs-client';
import { ingestEmail, type EmailIngestDeps } from '../channels/email/ingest';
import { receiptNotificationsFromLambdaEvent, type SesReceiptNotification } from '../channels/email/notification';
import { parseEmail } from '../channels/email/parse';
import { emailSettingsFromEnv, replyTokenSecretFromEnv } from '../config/email-runtime';
import { requireEnv } from '../config/env';
import { PoisonMessageError } from '../core/errors';
import { INBOUND_MAIL_PREFIX } from '../definitions/async-invocations';
import { asyncEventHandler } from '../http/async-event';
import { logger, metrics } from '../observability';

const s3 = createS3Client();
const sqs = createSqsClient();
const inboundMailBucket = requireEnv('INBOUND_MAIL_BUCKET');
const attachmentsBucket = requireEnv('ATTACHMENTS_BUCKET');
const inboundQueueUrl = requireEnv('INBOUND_QUEUE_URL');

const deps: EmailIngestDeps = {
  store: new DynamoEmailStore(createDocumentClient(), requireEnv('TABLE_NAME')),
  readRaw: (bucket, key) => {
    if (bucket !== inboundMailBucket) throw new PoisonMessageError(`notification names bucket ${bucket}, not the inbound-mail bucket`);
    return getObjectBytes(s3, bucket, key);
  },
  putAttachment: (key, content, contentType) => putObjectBytes(s3, attachmentsBucket, key, content, contentType),
  attachmentsBucket,
  parse: (raw, limits) => parseEmail(raw, limits),
  enqueue: (msg) => enqueueInbound(sqs, inboundQueueUrl, msg),
  settings: emailSettingsFromEnv(),
  replyTokenSecret: replyTokenSecretFromEnv(),
};

/**
 * SES's receipt rule invokes this asynchronously after its S3 action stored the mail. Every message of
 * the event is ingested; a failure fails the invocation (Lambda retries, then the dead-letter queue
 * keeps the event, and the mail stays in S3). A repeated run enqueues the same deduplication id.
 */
export const handler = asyncEventHandler(
  (event: unknown) => ({ sesMessageIds: (event as { Records?: { ses?: { mail?: { messageId?: string } } }[] }).Records?.map((r) => r.ses?.mail?.messageId) }),
  async (event: unknown) => {
    const results = [];
    for (const notification of receiptNotificationsFromLambdaEvent(event, { bucket: inboundMailBucket, prefix: INBOUND_MAIL_PREFIX })) {
      results.push(await ingestOne(notification));
    }
    return results;
  },
);

async function ingestOne(notification: SesReceiptNotification) {
  const result = await ingestEmail(deps, notification);
  if (result.skipped !== undefined) {
    logger.warn('e-mail not enqueued', { sesMessageId: notification.mail.messageId, ...result });
    metrics.addMetric('EmailDeliveryReports', MetricUnit.Count, 1);
    return result;
  }
  logger.info('e-mail ingested', { sesMessageId: notification.mail.messageId, ...result });
  if (result.problems.length) logger.warn('e-mail read with problems', { sesMessageId: notification.mail.messageId, problems: result.problems });
  if (result.suppressAutoReply) logger.info('no automatic answer', { channelMessageId: result.channelMessageId, reason: result.suppressAutoReply });
  metrics.addMetric(result.suppressAutoReply ? 'EmailAutoReplySuppressed' : 'EmailIngested', MetricUnit.Count, 1);
  return result;
}
