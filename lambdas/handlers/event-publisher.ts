import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { observed } from '#observability';
import { eventPublisherFromEnv } from '#wiring/event-publisher';
import { webhookDeliveryFromEnv } from '#wiring/webhooks';

const publish = eventPublisherFromEnv();
const deliver = webhookDeliveryFromEnv();

/**
 * The shop's events: the table's change feed (tickets, their timelines, customer profiles) onto the
 * event bus; and, when webhooks are configured, the webhook queue's events POSTed signed to them. One
 * function for both: one role, one log group, one cold start.
 */
export const handler = observed(async (event: DynamoDBStreamEvent | SQSEvent) => {
  if (event.Records[0]?.eventSource === 'aws:sqs') {
    if (!deliver) throw new Error('a webhook event arrived but no webhook is configured (WEBHOOKS)');
    return deliver(event as SQSEvent);
  }
  return publish(event as DynamoDBStreamEvent);
});
