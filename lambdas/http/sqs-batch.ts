import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { FailureLog } from '#core/failures';
import { countForFunction, logger, observed } from '#observability';
import { runFifoBatch } from './fifo-groups';

type RecordHandler = (record: SQSRecord) => Promise<unknown>;

/**
 * Puts records back on the queue in `seconds` instead of after the queue's visibility timeout
 * (ChangeMessageVisibility): for a record that failed with a time to retry at.
 */
export type RetryLater = (records: readonly SQSRecord[], seconds: number) => Promise<void>;

/** A record's error that knows when a retry can succeed (a lease that ends, a provider's Retry-After). */
const retryAfterOf = (error: unknown): number | undefined => {
  const s = (error as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof s === 'number' && Number.isFinite(s) && s >= 0 ? Math.min(Math.ceil(s), 43_200) : undefined;
};

/**
 * Each failed record whose error names a time to retry comes back then, with the records its failure
 * held back in its message group (they are in flight too, and a FIFO group waits for all of them).
 * A failure here leaves them to the visibility timeout, as without it.
 */
async function retryWhenNamed(failed: readonly { record: SQSRecord; error: unknown }[], skipped: readonly SQSRecord[], retryLater: RetryLater): Promise<void> {
  for (const f of failed) {
    const seconds = retryAfterOf(f.error);
    if (seconds === undefined) continue;
    const group = f.record.attributes.MessageGroupId;
    const held = group === undefined ? [] : skipped.filter((r) => r.attributes.MessageGroupId === group);
    await retryLater([f.record, ...held], seconds).catch((e: unknown) =>
      logger.warn('could not set when the record returns; it returns after the visibility timeout', { messageId: f.record.messageId, error: e as Error }),
    );
  }
}

/** Every record of a batch failed: the invocation fails, so the function's error alarm sees an outage. */
export class BatchFailedError extends Error {
  override name = 'BatchFailedError';
}

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
 * An SQS FIFO consumer that reports partial batch failures: message groups run concurrently, each in
 * order; a failed record fails the rest of its group (back to the queue in order) while other groups
 * go on. Powertools' FIFO processors run a batch strictly one record after another, hence our own.
 * With retryLater, a record whose error names when to retry comes back then (retryWhenNamed).
 */
export function sqsBatchHandler(handleRecord: RecordHandler, failures?: Pick<FailureLog, 'record'>, retryLater?: RetryLater) {
  return observed<SQSEvent, SQSBatchResponse>(async (event: SQSEvent, context: Context) => {
    const { failed, skipped } = await runFifoBatch(event.Records, withFailureRecord(handleRecord, failures, context));
    if (retryLater) await retryWhenNamed(failed, skipped, retryLater);
    if (skipped.length) logger.info('records left for a retry after an earlier failure in their group', { messageIds: skipped.map((r) => r.messageId) });
    const returned = new Set([...failed.map((f) => f.record), ...skipped]);
    if (event.Records.length > 0 && returned.size === event.Records.length) {
      throw new BatchFailedError(`all ${event.Records.length} records failed; first: ${(failed[0]?.error as Error)?.message ?? String(failed[0]?.error)}`);
    }
    return { batchItemFailures: event.Records.filter((r) => returned.has(r)).map((r) => ({ itemIdentifier: r.messageId })) };
  });
}
