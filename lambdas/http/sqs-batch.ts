import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, metrics } from '../observability';

/**
 * An SQS FIFO consumer that reports partial batch failures: a failed record fails the rest of its
 * message group (order is kept) while other groups go on.
 */
export function sqsBatchHandler(handleRecord: (record: SQSRecord) => Promise<unknown>) {
  return middy<SQSEvent, SQSBatchResponse>(async (event: SQSEvent, context: Context) => {
    const processor = new SqsFifoPartialProcessorAsync();
    // Each failure is logged with its message id: what ends in the DLQ must say why in the logs.
    const logged = async (record: SQSRecord) => {
      try {
        return await handleRecord(record);
      } catch (error) {
        logger.error('record failed', {
          messageId: record.messageId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error: error as Error,
        });
        throw error;
      }
    };
    return processPartialResponse(event, logged, processor, { context, skipGroupOnError: true });
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
