import { asyncFunctionNames, asyncInvocationDefinitions, type AsyncFunctionName } from './async-invocations';
import type { FunctionName } from './functions';
import { queueDefinitions, type QueueName } from './queues';

/**
 * Where what keeps failing comes to rest, and how each goes back (`destek dlq`):
 *  - queue: a queue's dead-letter queue (SQS moved the message after maxReceiveCount); it goes back
 *    by SendMessage to the queue it came from, and the queue's consumer takes it again;
 *  - function: an asynchronously invoked function's dead-letter queue (async-invocations.ts). It holds
 *    Lambda's invocation records (the event as requestPayload, the error, the condition) and, when
 *    EventBridge or Scheduler could not invoke the function at all, their raw events; either goes back
 *    as an asynchronous invocation of the function with the event.
 */
export type DeadLetterSource =
  | { readonly kind: 'queue'; readonly key: QueueName; readonly fifo: boolean; readonly consumer: FunctionName }
  | { readonly kind: 'function'; readonly key: AsyncFunctionName; readonly fifo: false; readonly consumer: AsyncFunctionName; readonly invokedBy: string };

/** Every dead-letter source of the stack, from the queue and asynchronous-invocation definitions. */
export function deadLetterSources(
  queues: Record<string, { fifo: boolean; consumer: FunctionName }> = queueDefinitions,
  asyncFunctions: readonly AsyncFunctionName[] = asyncFunctionNames,
): DeadLetterSource[] {
  return [
    ...Object.entries(queues).map(([key, def]) => ({ kind: 'queue' as const, key: key as QueueName, fifo: def.fifo, consumer: def.consumer })),
    ...asyncFunctions.map((key) => ({
      kind: 'function' as const,
      key,
      fifo: false as const,
      consumer: key,
      invokedBy: asyncInvocationDefinitions[key].invokedBy,
    })),
  ];
}

/**
 * The construct ids the CDK app gives what `destek dlq` looks up in a deployed stack. CloudFormation
 * names a resource by its construct path (alphanumerics only) plus an 8-character hash, so the CLI
 * finds each resource from the same ids the constructs are created with.
 */
export const constructIds = {
  /** lib/destek.ts: the MessageQueues construct. */
  queues: 'Queues',
  /** lib/constructs/queues.ts: each queue and its dead-letter queue. */
  queue: (name: QueueName) => name,
  deadLetterQueue: (name: QueueName) => `${name}Dlq`,
  /** lib/destek.ts and lib/constructs/data.ts: the support table (where failures are recorded). */
  data: 'Data',
  table: 'Table',
  /** lib/destek.ts: each function, by its name. */
  function: (name: FunctionName) => name,
  /** lib/destek.ts: the AsyncInvocations construct; lib/constructs/async-invocations.ts: each function's dead-letter queue. */
  asyncInvocations: 'AsyncInvocations',
  asyncDeadLetterQueue: (name: AsyncFunctionName) => `${name}Dlq`,
} as const;

/** The construct-path parts of a source's dead-letter queue and of what it redrives to. */
export function constructPaths(source: DeadLetterSource): { deadLetter: string[]; target: string[] } {
  return source.kind === 'queue'
    ? { deadLetter: [constructIds.queues, constructIds.deadLetterQueue(source.key)], target: [constructIds.queues, constructIds.queue(source.key)] }
    : { deadLetter: [constructIds.asyncInvocations, constructIds.asyncDeadLetterQueue(source.key)], target: [constructIds.function(source.key)] };
}

/**
 * Whether a CloudFormation logical id is the resource at a construct path ending in `parts`: CDK
 * joins the path's alphanumerics (dropping "Resource" and "Default") and appends a hash.
 */
export function logicalIdEndsWith(logicalId: string, parts: readonly string[]): boolean {
  const human = parts.map((p) => p.replace(/[^A-Za-z0-9]/g, '')).join('');
  return new RegExp(`${human}[0-9A-F]{8}$`).test(logicalId);
}
