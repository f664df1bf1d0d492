import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { EventBridgeClient } from '#adapters/aws/eventbridge';
import { storedChangeOf } from '#adapters/change-records';
import { eventBridgeBus } from '#adapters/event-bus';
import { publishChanges } from '#core/change-events';
import { eventIncludes, type EventInclude } from '#core/events';
import { logger, traced } from '#observability';
import { InvalidEnvError, requireEnv } from './env';

/** EVENTS_SETTINGS (settings group events): the personal data the shop opted in to. */
export function eventSettingsFromEnv(env = process.env): { include: ReadonlySet<EventInclude> } {
  let raw: { include?: unknown };
  try {
    raw = JSON.parse(env.EVENTS_SETTINGS ?? '{}');
  } catch (e) {
    throw new InvalidEnvError('EVENTS_SETTINGS', (e as Error).message);
  }
  const include = Array.isArray(raw.include) ? raw.include : [];
  const unknown = include.find((i) => !(eventIncludes as readonly unknown[]).includes(i));
  if (unknown !== undefined) throw new InvalidEnvError('EVENTS_SETTINGS', `include: ${String(unknown)} is not one of ${eventIncludes.join(', ')}`);
  return { include: new Set(include as EventInclude[]) };
}

/** The change feed's second consumer (binding events:publish): every table change's events, to the bus. */
export function eventPublisherFromEnv(env = process.env): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  const bus = eventBridgeBus(traced(new EventBridgeClient()), requireEnv('EVENT_BUS_NAME', env), (error) =>
    logger.warn('publishing events failed', { error: error as Error }),
  );
  const options = eventSettingsFromEnv(env);
  return async (event) => {
    const { published, failedAt } = await publishChanges(event.Records.map(storedChangeOf), bus, options);
    if (published) logger.info('events published', { published, records: event.Records.length });
    const failed = failedAt === undefined ? undefined : event.Records[failedAt]?.dynamodb?.SequenceNumber;
    return { batchItemFailures: failed ? [{ itemIdentifier: failed }] : [] };
  };
}
