import { BatchProcessor, EventType, SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { countForFunction, logger, observed } from '../observability';

type RecordHandler = (record: SQSRecord) => Promise<unknown>;

/**
 * Each failure is logged with its message id (what ends in the DLQ must say why in the logs) and
 * counted, so the dashboard shows failing records that never make the function itself fail.
 */
function reportingFailures(handleRecord: RecordHandler, context: Context): RecordHandler {
  return async (record) => {
    try {
      return await handleRecord(record);
    } catch (error) {
      logger.error('record failed', { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, error: error as Error });
      countForFunction('FailedRecords', context);
      throw error;
    }
  };
}

/**
 * An SQS FIFO consumer that reports partial batch failures: a failed record fails the rest of its
 * message group (order is kept) while other groups go on.
 */
export function sqsBatchHandler(handleRecord: RecordHandler) {
  return observed<SQSEvent, SQSBatchResponse>(async (event: SQSEvent, context: Context) => {
    const processor = new SqsFifoPartialProcessorAsync();
    return processPartialResponse(event, reportingFailures(handleRecord, context), processor, { context, skipGroupOnError: true });
  });
}

/**
 * A standard (not FIFO) SQS consumer that reports partial batch failures: only the failed records
 * come back after the visibility timeout. For queues fed by SNS (SES notifications), which has no order.
 */
export function sqsStandardBatchHandler(handleRecord: RecordHandler) {
  return observed<SQSEvent, SQSBatchResponse>(async (event: SQSEvent, context: Context) => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, reportingFailures(handleRecord, context), processor, { context });
  });
}
