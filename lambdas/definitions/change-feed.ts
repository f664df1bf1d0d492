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
} as const satisfies Record<string, ChangeFeedDefinition>;

export type ChangeFeedName = keyof typeof changeFeedDefinitions;
