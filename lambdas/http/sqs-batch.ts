import { SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { FailureLog } from '../core/failures';
import { countForFunction, logger, observed } from '../observability';

type RecordHandler = (record: SQSRecord) => Promise<unknown>;

/**
 * Each failure is logged with its message id and receive count, counted (the dashboard shows failing
 * records that never make the function itself fail), and recorded in the failure log: what ends in the
 * DLQ must say why (`destek dlq show`). Recording costs nothing on success and never hides the
 * record's own error.
 */
function withFailureRecord(handleRecord: RecordHandler, failures: Pick<FailureLog, 'record'> | undefined, context: Context): RecordHandler {
  return async (record) => {
    try {
      return await handleRecord(record);
    } catch (error) {
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      logger.error('record failed', { messageId: record.messageId, receiveCount, error: error as Error });
      countForFunction('FailedRecords', context);
      const first = Number(record.attributes.ApproximateFirstReceiveTimestamp);
      await failures
        ?.record({
          queue: record.eventSourceARN.split(':').pop() ?? record.eventSourceARN,
          messageId: record.messageId,
          errorName: (error as Error)?.name ?? 'Error',
          errorMessage: (error as Error)?.message ?? String(error),
          receiveCount,
          ...(first > 0 ? { firstReceivedAt: new Date(first).toISOString() } : {}),
          at: new Date().toISOString(),
        })
        .catch((e: unknown) => logger.warn('could not record the failure', { messageId: record.messageId, error: e as Error }));
      throw error;
    }
  };
}

/**
 * An SQS FIFO consumer that reports partial batch failures: a failed record fails the rest of its
 * message group (order is kept) while other groups go on.
 */
export function sqsBatchHandler(handleRecord: RecordHandler, failures?: Pick<FailureLog, 'record'>) {
  return observed<SQSEvent, SQSBatchResponse>(async (event: SQSEvent, context: Context) => {
    const processor = new SqsFifoPartialProcessorAsync();
    return processPartialResponse(event, withFailureRecord(handleRecord, failures, context), processor, { context, skipGroupOnError: true });
  });
}
