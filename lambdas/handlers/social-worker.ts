import { socialEventSchema } from '#channels/social/events';
import { processSocialEvent } from '#channels/social/worker';
import { parseRecord } from '#http/queue-record';
import { sqsBatchHandler } from '#http/sqs-batch';
import { logger, MetricUnit, metrics } from '#observability';
import { socialWorkerDepsFromEnv } from '#wiring/social';
import { failureLogFromEnv } from '#wiring/shared';

const deps = socialWorkerDepsFromEnv();

export const handler = sqsBatchHandler(async (record) => {
  const event = parseRecord(record, socialEventSchema);
  const result = await processSocialEvent(deps, event);
  logger.info('social event processed', {
    kind: event.kind,
    channel: event.kind === 'message' ? event.message.channel : event.channel,
    id:
      event.kind === 'message'
        ? event.message.channelMessageId
        : event.kind === 'status'
          ? event.providerMessageId
          : `${event.conversationKey}@${event.watermark}`,
    result,
  });
  metrics.addMetric(result === 'forwarded' ? 'SocialMessages' : 'SocialReceipts', MetricUnit.Count, 1);
  return result;
}, failureLogFromEnv());
