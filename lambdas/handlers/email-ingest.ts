import { ingestEmail } from '#channels/email/ingest';
import { receiptNotificationsFromLambdaEvent, type SesReceiptNotification } from '#channels/email/notification';
import { INBOUND_MAIL_PREFIX } from '#definitions/async-invocations';
import { asyncEventHandler } from '#http/async-event';
import { logger, MetricUnit, metrics } from '#observability';
import { emailIngestDepsFromEnv } from '#wiring/email';

const { deps, inboundMailBucket } = emailIngestDepsFromEnv();

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
