import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WebhookConfig } from '#config/config';
import { DLQ_RETENTION_DAYS } from '#definitions/queues';
import { eventPattern, webhookQueueDefinition as def } from '#definitions/webhooks';
import type { LocalEventBridge } from './eventbridge';
import type { LocalFunction } from './functions';
import type { EventSourceRunner } from './runner';

/**
 * The signing key the local stack puts in its Secrets Manager stand-in for a webhook's `secretName`
 * (README, "Events"): known, so a receiver under development can check signatures; in AWS the shop
 * creates the secret.
 */
export const localWebhookSecret = (w: Pick<WebhookConfig, 'secretName'>): string => `local-${w.secretName}`;

/**
 * The signed webhooks as the stack builds them (lib/constructs/shop-events.ts): one queue with a
 * dead-letter queue, each webhook's rule on the bus putting its events there with the webhook's
 * position, and the runner handing them to eventPublisher. Nothing without a webhook.
 */
export async function startLocalWebhooks(
  webhooks: readonly WebhookConfig[],
  deps: { sqs: SQSClient; bus: LocalEventBridge; runner: EventSourceRunner; consumer: LocalFunction; prefix: string },
): Promise<{ url: string; dlqUrl: string } | undefined> {
  if (!webhooks.length) return undefined;
  const { sqs } = deps;
  const dlq = await sqs.send(
    new CreateQueueCommand({ QueueName: `${deps.prefix}-webhooks-dlq`, Attributes: { MessageRetentionPeriod: String(DLQ_RETENTION_DAYS * 86_400) } }),
  );
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${deps.prefix}-webhooks`,
      Attributes: {
        VisibilityTimeout: String(def.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(def.retentionDays * 86_400),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: def.maxReceiveCount }),
      },
    }),
  );
  const url = queue.QueueUrl!;
  webhooks.forEach((w, i) => {
    deps.bus.addRule(eventPattern(w.events), async (event) => {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ webhook: i, event }) }));
    });
  });
  deps.runner.start({ url, name: `${deps.prefix}-webhooks` }, deps.consumer, def);
  return { url, dlqUrl: dlq.QueueUrl! };
}
