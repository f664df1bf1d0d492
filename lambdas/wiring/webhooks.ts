import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { secretsManagerClient } from '#adapters/secrets-manager';
import { postSignedWebhook } from '#adapters/webhook-delivery';
import { logger } from '#observability';
import { InvalidEnvError } from './env';

/** WEBHOOKS (binding webhooks:deliver): each configured webhook's URL and its signing secret's name, by position. */
interface WebhookTarget {
  readonly url: string;
  readonly secretId: string;
}

/** What the webhook queue carries: the rule's webhook (its position) and the event as EventBridge delivered it. */
interface QueuedWebhookEvent {
  readonly webhook: number;
  readonly event: { readonly detail?: { readonly eventId?: string } };
}

function targetsFromEnv(env: NodeJS.ProcessEnv): WebhookTarget[] | undefined {
  if (!env.WEBHOOKS) return undefined;
  try {
    const list = JSON.parse(env.WEBHOOKS) as WebhookTarget[];
    if (!Array.isArray(list) || list.some((t) => typeof t?.url !== 'string' || typeof t?.secretId !== 'string')) throw new Error('a list of { url, secretId }');
    return list;
  } catch (e) {
    throw new InvalidEnvError('WEBHOOKS', (e as Error).message);
  }
}

/**
 * The signer: each queued event POSTed to its webhook with the HMAC signature; a record the receiver
 * did not take is reported failed, so SQS delivers it again after the visibility timeout and, after
 * the queue's maxReceiveCount, moves it to the dead-letter queue. Undefined when no webhook is configured.
 */
export function webhookDeliveryFromEnv(env = process.env, now = () => new Date()): ((event: SQSEvent) => Promise<SQSBatchResponse>) | undefined {
  const targets = targetsFromEnv(env);
  if (!targets) return undefined;
  // A secret is read once per container (a rotated one reaches new containers: rotate by adding, then removing, the old one).
  const secrets = new Map<string, Promise<string>>();
  const secretOf = (arn: string) => {
    let s = secrets.get(arn);
    if (!s) {
      s = secretsManagerClient()
        .getSecretValue({ SecretId: arn })
        .then((out) => {
          if (!out.SecretString) throw new Error(`secret ${arn} has no string value`);
          return out.SecretString;
        });
      s.catch(() => secrets.delete(arn));
      secrets.set(arn, s);
    }
    return s;
  };
  return async (event) => {
    const failed: string[] = [];
    await Promise.all(
      event.Records.map(async (record) => {
        try {
          const queued = JSON.parse(record.body) as QueuedWebhookEvent;
          const target = targets[queued.webhook];
          if (!target) throw new Error(`no webhook ${queued.webhook} configured`);
          const body = JSON.stringify(queued.event);
          await postSignedWebhook({ url: target.url, secret: await secretOf(target.secretId), body, ...optionalId(queued.event.detail?.eventId) }, now());
        } catch (error) {
          logger.warn('webhook delivery failed', {
            messageId: record.messageId,
            receiveCount: record.attributes?.ApproximateReceiveCount,
            error: error as Error,
          });
          failed.push(record.messageId);
        }
      }),
    );
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

const optionalId = (eventId: string | undefined) => (eventId ? { eventId } : {});
