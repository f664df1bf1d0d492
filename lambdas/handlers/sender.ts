import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createDocumentClient } from '../adapters/dynamodb-client';
import { DynamoStore } from '../adapters/dynamo-store';
import { chatStore } from '../adapters/chat-runtime';
import { createConnectionPusher } from '../adapters/connections-client';
import { sqsOutboundQueue } from '../adapters/fifo-queue';
import { createSqsClient } from '../adapters/sqs-client';
import { makeChatPushSender } from '../channels/chat/push-sender';
import { requireEnv } from '../config/env';
import { storeOptionsFromEnv } from '../config/runtime';
import { deliverOutbound, type DeliverDeps } from '../core/deliver';
import { outboundMessageSchema } from '../core/messages';
import { parseRecord } from '../http/queue-record';
import { sqsBatchHandler } from '../http/sqs-batch';
import { logger, metrics } from '../observability';

const deps: DeliverDeps = {
  store: new DynamoStore(createDocumentClient(), storeOptionsFromEnv()),
  senders: {
    chat: makeChatPushSender({
      store: chatStore(),
      pusher: createConnectionPusher(requireEnv('CHAT_CALLBACK_URL')),
      outbound: sqsOutboundQueue(createSqsClient(), requireEnv('OUTBOUND_QUEUE_URL')),
    }),
  },
  // Longer than the function's timeout, so a live attempt is never overtaken.
  leaseMs: 60_000,
};

export const handler = sqsBatchHandler(async (record) => {
  const msg = parseRecord(record, outboundMessageSchema);
  const result = await deliverOutbound(deps, msg);
  logger.info('outbound delivered', { outboundId: msg.outboundId, ticketId: msg.ticketId, result });
  metrics.addMetric(result === 'sent' ? 'OutboundSent' : 'OutboundReplayed', MetricUnit.Count, 1);
  return result;
});
