/** The `source` of every event Destek publishes (core/events.ts defines the events). */
export const EVENT_SOURCE = 'destek';

/** The EventBridge pattern that matches Destek's events of these detail-types (a webhook's rule; a shop's own rules likewise). */
export const eventPattern = (types: readonly string[]) => ({ source: [EVENT_SOURCE], 'detail-type': [...types] });

/**
 * The signed webhooks' queue (only when events.webhooks is configured): each webhook's EventBridge rule
 * puts its events here, eventPublisher POSTs them signed, and a delivery the receiver did not take
 * comes back after the visibility timeout, up to maxReceiveCount times, then waits in the dead-letter
 * queue (alarmed; `destek dlq` redrives it). CDK and the local stack build it from here.
 */
export const webhookQueueDefinition = {
  /** Each try waits this long after a failed one: eight tries spread over about 16 minutes. */
  visibilityTimeoutSeconds: 120,
  maxReceiveCount: 8,
  retentionDays: 4,
  batchSize: 10,
  /** Receivers are the shop's servers: a few at once, however many events come. */
  maxConcurrency: 5,
} as const;
