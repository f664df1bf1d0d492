import { applyFeedback, feedbackFromEventBridge } from '#channels/email/feedback';
import { asyncEventHandler } from '#http/async-event';
import { logger, MetricUnit, metrics } from '#observability';
import { emailEventsDepsFromEnv } from '#wiring/email-events';

const deps = emailEventsDepsFromEnv();

/** An EventBridge rule invokes this asynchronously with each bounce or complaint of our configuration set. */
export const handler = asyncEventHandler(
  (event: unknown) => ({
    eventId: (event as { id?: string }).id,
    sesMessageId: (event as { detail?: { mail?: { messageId?: string } } }).detail?.mail?.messageId,
  }),
  async (event: unknown) => {
    const result = await applyFeedback(deps, feedbackFromEventBridge(event));
    if (result.suppressed.length) {
      logger.warn('addresses suppressed', { ...result });
      metrics.addMetric('EmailAddressesSuppressed', MetricUnit.Count, result.suppressed.length);
    }
    return result;
  },
);
