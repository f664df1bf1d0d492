import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createDocumentClient } from '../adapters/dynamodb-client';
import { DynamoEmailStore } from '../adapters/email-store';
import { DynamoDeliveryFailures } from '../adapters/delivery-failure';
import { applyFeedback, feedbackFromEventBridge, type FeedbackDeps } from '../channels/email/feedback';
import { requireEnv } from '../config/env';
import { asyncEventHandler } from '../http/async-event';
import { logger, metrics } from '../observability';

const db = createDocumentClient();
const table = requireEnv('TABLE_NAME');

const deps: FeedbackDeps = {
  store: new DynamoEmailStore(db, table),
  failures: new DynamoDeliveryFailures(db, table),
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
