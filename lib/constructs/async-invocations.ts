import { Duration, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterAlarm } from './dead-letter-alarm';
import { ASYNC_DLQ_RETENTION_DAYS, asyncFunctionNames, asyncInvocationDefinitions, type AsyncFunctionName } from '#definitions/async-invocations';
import { constructIds } from '#definitions/dead-letters';

export interface AsyncInvocationsProps {
  readonly functions: Record<AsyncFunctionName, IFunction>;
}

/**
 * The asynchronously invoked functions' failure handling, from lambdas/definitions/async-invocations.ts:
 * retries and maximum event age, an on-failure destination that is a standard SQS queue (SSE-SQS,
 * TLS only, 14 days; nothing polls it, so it costs nothing idle) and an alarm as soon as a record lands.
 */
export class AsyncInvocations extends Construct {
  readonly deadLetterQueues: Record<AsyncFunctionName, Queue>;
  readonly alarms: Record<AsyncFunctionName, Alarm>;

  constructor(scope: Construct, id: string, props: AsyncInvocationsProps) {
    super(scope, id);
    const dlqs = {} as Record<AsyncFunctionName, Queue>;
    const alarms = {} as Record<AsyncFunctionName, Alarm>;
    for (const name of asyncFunctionNames) {
      const def = asyncInvocationDefinitions[name];
      dlqs[name] = new Queue(this, constructIds.asyncDeadLetterQueue(name), {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(ASYNC_DLQ_RETENTION_DAYS),
      });
      Validations.of(dlqs[name]).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `The dead-letter queue of ${name}'s asynchronous invocations (its on-failure destination), not a work queue: cdk-nag recognises only SQS redrive as DLQ use.`,
      });
      props.functions[name].configureAsyncInvoke({
        onFailure: new SqsDestination(dlqs[name]),
        retryAttempts: def.retryAttempts,
        maxEventAge: Duration.seconds(def.maxEventAgeSeconds),
      });
      alarms[name] = deadLetterAlarm(
        this,
        `${name}DlqAlarm`,
        dlqs[name],
        `Failed ${name} invocations (${def.invokedBy}): retried ${def.retryAttempts} times. Inspect and redrive.`,
      );
    }
    this.deadLetterQueues = dlqs;
    this.alarms = alarms;
  }
}
