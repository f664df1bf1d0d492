import type { FunctionName } from './functions';

/**
 * The table's change feed: which function its stream invokes, with which batching and filter. CDK
 * creates the Lambda event source mapping from it (lib/constructs/agent-live.ts); the local stack's
 * stream poller (local/dynamodb-streams.ts) reads DynamoDB Local's stream with the same filter and
 * batch size, and delivers the same events.
 */
export interface ChangeFeedDefinition {
  readonly function: FunctionName;
  readonly batchSize: number;
  /** A record older than this is dropped instead of retried: a live update that late is worthless (polling catches up). */
  readonly maxRecordAgeSeconds: number;
  readonly retryAttempts: number;
  /**
   * Lambda filter criteria (EventBridge pattern syntax) over the stream record; records that match
   * none never invoke the function, and are not billed.
   */
  readonly filters: readonly Record<string, unknown>[];
}

/**
 * Ticket and interaction items, the only ones whose partition key is the ticket's (table.ts, Items).
 * This is the one table key format outside lambdas/adapters, because CloudFormation needs it as data;
 * test/unit/change-feed.test.ts holds it to the adapters' keys (biome.jsonc exempts this file).
 */
export const TICKET_PARTITION_PREFIX = 'TICKET#';
/** Customer profiles' partitions (keys.customer); their sort key is PROFILE. */
export const CUSTOMER_PARTITION_PREFIX = 'CUSTOMER#';

export const changeFeedDefinitions = {
  /** Every ticket and timeline change, to the search index and the agents' open consoles (agentLive). */
  ticketChanges: {
    function: 'agentLive',
    // Lambda invokes as soon as records arrive (no batching window): the console shows a change within 2 s.
    batchSize: 100,
    // The search index must not miss a change: records are retried for an hour (a late push costs a
    // console one reload), then dropped; the ticket's next change indexes it whole again.
    maxRecordAgeSeconds: 3600,
    retryAttempts: 10,
    filters: [{ dynamodb: { Keys: { pk: { S: [{ prefix: TICKET_PARTITION_PREFIX }] } } } }],
  },
  /**
   * Every change the shop's systems hear of, to the event bus (eventPublisher): tickets and their
   * timelines (messages, deliveries, ratings, SLA events), and customer profiles once merged or erased.
   * A new source of events is one more filter here and its mapping in core/change-events.ts.
   */
  shopEvents: {
    function: 'eventPublisher',
    batchSize: 100,
    // Late events are still events: kept for the stream's whole day, retried until then.
    maxRecordAgeSeconds: 86_400,
    retryAttempts: 10,
    filters: [
      { dynamodb: { Keys: { pk: { S: [{ prefix: TICKET_PARTITION_PREFIX }] } } } },
      { dynamodb: { Keys: { pk: { S: [{ prefix: CUSTOMER_PARTITION_PREFIX }] } }, NewImage: { mergedInto: { S: [{ exists: true }] } } } },
      { dynamodb: { Keys: { pk: { S: [{ prefix: CUSTOMER_PARTITION_PREFIX }] } }, NewImage: { erasedAt: { S: [{ exists: true }] } } } },
      // A customer's NPS answer (adapters/nps-store.ts): NPS Received.
      { dynamodb: { Keys: { pk: { S: [{ prefix: CUSTOMER_PARTITION_PREFIX }] } }, NewImage: { type: { S: ['nps_answer'] } } } },
    ],
  },
} as const satisfies Record<string, ChangeFeedDefinition>;

export type ChangeFeedName = keyof typeof changeFeedDefinitions;
