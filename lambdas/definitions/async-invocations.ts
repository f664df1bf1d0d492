import type { FunctionName } from './functions';
import { DLQ_RETENTION_DAYS } from './queues';

/**
 * Functions that AWS services invoke asynchronously, with no queue and so no poller that costs money
 * while nothing happens: SES's receipt rule (Lambda action after the S3 action), the configuration
 * set's bounce/complaint events through an EventBridge rule, and EventBridge Scheduler's SLA timers.
 * Lambda retries a failed invocation, then sends an invocation record (the event, the error) to the
 * function's dead-letter queue, which is alarmed and can be redriven (`destek dlq`). The delivering
 * service also puts what it could not hand to Lambda at all in the same queue (its own DLQ setting).
 *
 * CDK creates each dead-letter queue, the on-failure destination and the alarm (lib/constructs/
 * async-invocations.ts); the local stack creates the queues and its Lambda Invoke stand-in applies the
 * same retries (local/lambda-invoke.ts).
 */
export interface AsyncInvocationDefinition {
  /** Lambda's retries after the first failed attempt (0–2). */
  readonly retryAttempts: number;
  /** How long Lambda keeps trying an event, in seconds (60–21600). */
  readonly maxEventAgeSeconds: number;
  /** What invokes it: for the README and the alarm's description. */
  readonly invokedBy: string;
}

export const asyncInvocationDefinitions = {
  emailIngest: { retryAttempts: 2, maxEventAgeSeconds: 21_600, invokedBy: "SES receipt rule's Lambda action (the raw mail is already in S3)" },
  emailEvents: { retryAttempts: 2, maxEventAgeSeconds: 21_600, invokedBy: 'EventBridge rule on SES bounce and complaint events' },
  slaCheck: { retryAttempts: 2, maxEventAgeSeconds: 21_600, invokedBy: 'EventBridge Scheduler, one schedule per unanswered ticket' },
} as const satisfies Partial<Record<FunctionName, AsyncInvocationDefinition>>;

export type AsyncFunctionName = keyof typeof asyncInvocationDefinitions;

export const asyncFunctionNames = Object.keys(asyncInvocationDefinitions) as AsyncFunctionName[];

/** How long a failed invocation's record stays in the dead-letter queue. */
export const ASYNC_DLQ_RETENTION_DAYS = DLQ_RETENTION_DAYS;

/** The dead-letter queue of an asynchronously invoked function (standard: Lambda sends to standard queues only). */
export function asyncDeadLetterQueueName(prefix: string, fn: AsyncFunctionName): string {
  return `${prefix}-${fn}-dlq`;
}

/** Where SES's S3 action stores each message: this prefix followed by SES's message id. */
export const INBOUND_MAIL_PREFIX = 'inbound/';
