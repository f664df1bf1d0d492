import type { Context } from 'aws-lambda';
import { logger, observed } from '#observability';

/**
 * A function an AWS service invokes asynchronously (SES, EventBridge, Scheduler). A thrown error fails
 * the invocation: Lambda retries it, then records the event and the error in the function's
 * dead-letter queue, so the failure is logged here with what it was about and thrown on.
 */
export function asyncEventHandler<E>(describe: (event: E) => Record<string, unknown>, handle: (event: E, context: Context) => Promise<unknown>) {
  return observed<E, unknown>(async (event: E, context: Context) => {
    try {
      return await handle(event, context);
    } catch (error) {
      let about: Record<string, unknown> = {};
      try {
        about = describe(event);
      } catch {
        // A malformed event: the error says why; the event itself rests in the dead-letter queue.
      }
      logger.error('invocation failed', { ...about, error: error as Error });
      throw error;
    }
  });
}
