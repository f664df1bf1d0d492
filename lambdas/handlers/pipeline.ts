import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import { createDocumentClient } from '../adapters/dynamodb-client';
import { DynamoStore } from '../adapters/dynamo-store';
import { sqsOutboundQueue } from '../adapters/fifo-queue';
import { createSqsClient } from '../adapters/sqs-client';
import { requireEnv } from '../config/env';
import { pipelineSettingsFromEnv, storeOptionsFromEnv } from '../config/runtime';
import { inboundMessageSchema } from '../core/messages';
import { processInbound, type PipelineDeps } from '../core/pipeline';
import { parseRecord } from '../http/queue-record';
import { sqsBatchHandler } from '../http/sqs-batch';
import { logger, metrics } from '../observability';

const deps: PipelineDeps = {
  store: new DynamoStore(createDocumentClient(), storeOptionsFromEnv()),
  outbound: sqsOutboundQueue(createSqsClient(), requireEnv('OUTBOUND_QUEUE_URL')),
  settings: pipelineSettingsFromEnv(),
};

export async function handleInboundRecord(d: PipelineDeps, record: SQSRecord) {
  const msg = parseRecord(record, inboundMessageSchema);
  const result = await processInbound(d, msg);
  logger.info('inbound processed', { channel: msg.channel, channelMessageId: msg.channelMessageId, ...result });
  metrics.addMetric(result.status === 'duplicate' ? 'InboundReplayed' : 'InboundStored', MetricUnit.Count, 1);
  if (result.createdTicket) metrics.addMetric('TicketsOpened', MetricUnit.Count, 1);
  return result;
}

export const handler = sqsBatchHandler((record) => handleInboundRecord(deps, record));
