import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createDocumentClient } from '../adapters/dynamodb-client';
import { DynamoEmailStore } from '../adapters/email-store';
import { keys } from '../adapters/table-keys';
import { applyFeedback, parseFeedback, type FeedbackDeps } from '../channels/email/feedback';
import { requireEnv } from '../config/env';
import { sqsStandardBatchHandler } from '../http/sqs-batch';
import { logger, metrics } from '../observability';
import { DynamoFailureLog } from '../adapters/failure-log-dynamo';

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

export const handler = sqsStandardBatchHandler(async (record) => {
  const result = await applyFeedback(deps, parseFeedback(record.body));
  if (result.suppressed.length) {
    logger.warn('addresses suppressed', { ...result });
    metrics.addMetric('EmailAddressesSuppressed', MetricUnit.Count, result.suppressed.length);
  }
  return result;
}, new DynamoFailureLog(db, table));
