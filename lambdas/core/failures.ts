/**
 * Why a queued message failed, kept where it failed: SQS keeps a dead letter's body and receive count
 * but not the error, so the batch wrapper records each failure and `destek dlq show` reads it back.
 */
export interface RecordFailure {
  /** The queue the message was received from (its name, as in the event source ARN). */
  readonly queue: string;
  /** SQS keeps the message id when it moves a message to the dead-letter queue. */
  readonly messageId: string;
  readonly errorName: string;
  readonly errorMessage: string;
  readonly receiveCount: number;
  /** When the queue first handed the message to its consumer (ISO time), when known. */
  readonly firstReceivedAt?: string;
  /** When this failure happened (ISO time); the latest failure replaces earlier ones. */
  readonly at: string;
}

/** Where failures are kept (DynamoDB, adapters/failure-log-dynamo). */
export interface FailureLog {
  record(failure: RecordFailure): Promise<void>;
  find(queue: string, messageId: string): Promise<RecordFailure | undefined>;
}

/** An error message bounded for storage and display: enough to act on, never a whole payload. */
export const MAX_ERROR_MESSAGE_CHARS = 1000;
