import { deliverOutbound } from '#core/deliver';
import { outboundMessageSchema } from '#core/messages';
import { parseRecord } from '#http/queue-record';
import { sqsBatchHandler } from '#http/sqs-batch';
import { countDelivery, logger } from '#observability';
import { senderDepsFromEnv, senderRetryLaterFromEnv } from '#wiring/sender';
import { failureLogFromEnv } from '#wiring/shared';

const deps = senderDepsFromEnv();
const retryLater = senderRetryLaterFromEnv();

export const handler = sqsBatchHandler(
  async (record) => {
    const msg = parseRecord(record, outboundMessageSchema);
    const result = await deliverOutbound(deps, msg);
    logger.info('outbound delivered', { outboundId: msg.outboundId, ticketId: msg.ticketId, result });
    countDelivery(msg.channel, result);
    return result;
  },
  failureLogFromEnv(),
  retryLater,
);
