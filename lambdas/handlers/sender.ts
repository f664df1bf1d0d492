import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createDocumentClient } from '../adapters/dynamodb-client';
import { DynamoStore } from '../adapters/dynamo-store';
import { conversationTimelineSender } from '../channels/chat-sender';
import { storeOptionsFromEnv } from '../config/runtime';
import { deliverOutbound, type DeliverDeps } from '../core/deliver';
import { outboundMessageSchema } from '../core/messages';
import { parseRecord } from '../http/queue-record';
import { sqsBatchHandler } from '../http/sqs-batch';
import { logger, metrics } from '../observability';
import { emailSenderFromEnv } from '../channels/email/sender-from-env';

const deps: DeliverDeps = {
  store: new DynamoStore(createDocumentClient(), storeOptionsFromEnv()),
  senders: { chat: conversationTimelineSender, ...emailSenderFromEnv() },
  // Longer than the function's timeout, so a live attempt is never overtaken.
  leaseMs: 60_000,
};

export const handler = sqsBatchHandler(async (record) => {
  const msg = parseRecord(record, outboundMessageSchema);
  const result = await deliverOutbound(deps, msg);
  logger.info('outbound delivered', { outboundId: msg.outboundId, ticketId: msg.ticketId, result });
  const metric = { sent: 'OutboundSent', 'already-sent': 'OutboundReplayed', failed: 'OutboundFailed' } as const;
  metrics.addMetric(metric[result], MetricUnit.Count, 1);
  return result;
});
