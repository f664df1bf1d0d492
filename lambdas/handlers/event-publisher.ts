import type { DynamoDBStreamEvent } from 'aws-lambda';
import { observed } from '#observability';
import { eventPublisherFromEnv } from '#wiring/event-publisher';

const publish = eventPublisherFromEnv();

/** The table's change feed (tickets, their timelines, customer profiles) as events on the shop's bus. */
export const handler = observed(async (event: DynamoDBStreamEvent) => publish(event));
