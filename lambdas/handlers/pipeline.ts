import type { SQSRecord } from 'aws-lambda';
import { inboundMessageSchema } from '#core/messages';
import { processInbound, type PipelineDeps } from '#core/pipeline';
import { parseRecord } from '#http/queue-record';
import { sqsBatchHandler } from '#http/sqs-batch';
import { countInbound, logger } from '#observability';
import { pipelineDepsFromEnv } from '#wiring/pipeline';
import { failureLogFromEnv } from '#wiring/shared';

const deps = pipelineDepsFromEnv();

export async function handleInboundRecord(d: PipelineDeps, record: SQSRecord) {
  const msg = parseRecord(record, inboundMessageSchema);
  const { analysis, ...result } = await processInbound(d, msg);
  logger.info('inbound processed', {
    channel: msg.channel,
    channelMessageId: msg.channelMessageId,
    ...result,
    ...(analysis
      ? {
          intent: analysis.intent,
          confidence: analysis.confidence,
          lang: analysis.lang,
          engine: analysis.engine,
          priority: analysis.priority,
          handling: analysis.handling,
          botAnswered: Boolean(analysis.reply && analysis.handling === 'bot'),
        }
      : {}),
  });
  countInbound(msg.channel, { ...result, ...(analysis ? { analysis } : {}) });
  return result;
}

export const handler = sqsBatchHandler((record) => handleInboundRecord(deps, record), failureLogFromEnv());
