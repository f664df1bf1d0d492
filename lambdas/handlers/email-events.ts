import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createDocumentClient } from '../adapters/dynamodb-client';
import { DynamoEmailStore } from '../adapters/email-store';
import { keys } from '../adapters/table-keys';
import { applyFeedback, feedbackFromEventBridge, type FeedbackDeps } from '../channels/email/feedback';
import { requireEnv } from '../config/env';
import { asyncEventHandler } from '../http/async-event';
import { logger, metrics } from '../observability';

const db = createDocumentClient();
const table = requireEnv('TABLE_NAME');

const deps: FeedbackDeps = {
  store: new DynamoEmailStore(db, table),
  // A new version, so a pipeline run that read the ticket before re-reads it rather than drop this.
  markTicket: async (ticketId, failure) => {
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.ticket(ticketId),
        UpdateExpression: 'SET lastDeliveryFailure = :f, version = version + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':f': failure, ':one': 1 },
      }),
    );
  },
};

/** An EventBridge rule invokes this asynchronously with each bounce or complaint of our configuration set. */
export const handler = asyncEventHandler(
  (event: unknown) => ({ eventId: (event as { id?: string }).id, sesMessageId: (event as { detail?: { mail?: { messageId?: string } } }).detail?.mail?.messageId }),
  async (event: unknown) => {
    const result = await applyFeedback(deps, feedbackFromEventBridge(event));
    if (result.suppressed.length) {
      logger.warn('addresses suppressed', { ...result });
      metrics.addMetric('EmailAddressesSuppressed', MetricUnit.Count, result.suppressed.length);
    }
    return result;
  },
);
