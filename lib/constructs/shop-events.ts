import { Duration } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { EventBus, EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { WebhookConfig } from '#config/config';
import { DLQ_RETENTION_DAYS } from '#definitions/queues';
import { eventPattern, webhookQueueDefinition as def } from '#definitions/webhooks';
import { deadLetterAlarm } from './dead-letter-alarm';

export interface ShopEventsProps {
  readonly busName: string;
  /** events.webhooks: nothing of the webhooks' is created without one. */
  readonly webhooks: readonly WebhookConfig[];
}

/**
 * The shop's event bus: eventPublisher puts every meaningful change on it (README, "Events"), and the
 * shop's systems subscribe with rules of their own. A custom bus costs nothing while idle; events put
 * on it cost $1.00 a million.
 *
 * Signed webhooks, when configured: API destinations cannot sign each body (HMAC), so each webhook is a
 * rule → one shared SQS queue (the event and the webhook's position) → eventPublisher, which signs and
 * POSTs; a delivery the receiver does not take is retried by SQS, then kept in a dead-letter queue with
 * an alarm.
 */
export class ShopEvents extends Construct {
  readonly bus: EventBus;
  readonly webhookQueue?: Queue;
  readonly webhookDeadLetterQueue?: Queue;
  readonly webhookAlarm?: Alarm;
  private readonly webhooks: readonly WebhookConfig[];

  constructor(scope: Construct, id: string, props: ShopEventsProps) {
    super(scope, id);
    this.webhooks = props.webhooks;
    this.bus = new EventBus(this, 'Bus', { eventBusName: props.busName, description: "Destek's changes for the shop's systems (source destek)" });
    if (!props.webhooks.length) return;
    const common = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true };
    this.webhookDeadLetterQueue = new Queue(this, 'WebhooksDlq', { ...common, retentionPeriod: Duration.days(DLQ_RETENTION_DAYS) });
    this.webhookQueue = new Queue(this, 'Webhooks', {
      ...common,
      visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(def.retentionDays),
      deadLetterQueue: { queue: this.webhookDeadLetterQueue, maxReceiveCount: def.maxReceiveCount },
    });
    this.webhookAlarm = deadLetterAlarm(
      this,
      'WebhooksDlqAlarm',
      this.webhookDeadLetterQueue,
      `Webhook events in the dead-letter queue: a receiver refused them ${def.maxReceiveCount} times. Inspect and redrive.`,
    );
    props.webhooks.forEach((w, i) => {
      new Rule(this, `Webhook${i}`, {
        eventBus: this.bus,
        description: `Signed webhook ${i}: ${new URL(w.url).host}`,
        eventPattern: eventPattern(w.events),
        targets: [new SqsQueue(this.webhookQueue!, { message: RuleTargetInput.fromObject({ webhook: i, event: EventField.fromPath('$') }) })],
      });
    });
  }

  /** events:publish: PutEvents on this bus only; the bus's name for EVENT_BUS_NAME. */
  grantPublish(grantee: IGrantable): string[] {
    this.bus.grantPutEventsTo(grantee);
    return [this.bus.eventBusName];
  }

  /** webhooks:deliver: each webhook's secret (read), and WEBHOOKS; nothing without webhooks. */
  grantDeliver(grantee: IGrantable): string[] | undefined {
    if (!this.webhooks.length) return undefined;
    const targets = this.webhooks.map((w, i) => {
      Secret.fromSecretNameV2(this, `WebhookSecret${i}`, w.secretName).grantRead(grantee);
      return { url: w.url, secretId: w.secretName };
    });
    return [JSON.stringify(targets)];
  }

  /** The webhook queue's consumer (eventPublisher), with partial batch failures and a concurrency cap. */
  connect(consumer: IFunction): void {
    if (!this.webhookQueue) return;
    consumer.addEventSource(
      new SqsEventSource(this.webhookQueue, { batchSize: def.batchSize, maxConcurrency: def.maxConcurrency, reportBatchItemFailures: true }),
    );
  }
}
