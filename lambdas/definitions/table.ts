/**
 * The single-table schema. CDK creates the table from it (lib/constructs/data.ts) and the local stack
 * creates the same table in DynamoDB Local (local/dynamodb.ts).
 *
 * Items (pk / sk):
 *   CUSTOMER#<id>            / PROFILE          customer; gsi2 lists its tickets and interactions (its own: CUSTOMERS#<shard>, newest first)
 *   IDENTITY#<channel>#<addr>/ IDENTITY         channel identity → customer
 *   TICKET#<number>          / TICKET           ticket; gsi1/4/7 = sharded views, gsi2 = customer view
 *   TICKET#<number>          / INTERACTION#<time>#<id>   message in/out, note, event
 *   THREAD#<channel>#<key>   / THREAD           conversation → current ticket (e-mail: ticketId on EMAILCONV#<key>)
 *   MESSAGE#<channel>#<id>   / MESSAGE          processed channel message (the replay guard)
 *   COUNTER#ticket#<k>       / COUNTER          ticket-number counter k of SHARDS.ticketCounter
 *   CANNED#<locale>          / <id>             canned response (agents' saved replies)
 *   ANSWER#<intent>          / <locale>         admin's answer for an intent, overriding the bot's
 *   REPLY#<ticket>#<key>     / REPLY            an agent reply's idempotency guard
 *   CSAT#<ticket>            / CSAT             the CSAT request of a resolution (its signed token)
 *   CUSTOMER#<id>            / NPS              the customer's NPS claim (last survey sent: the interval's conditional write)
 *   CUSTOMER#<id>            / NPS#<at>#<ticket> one NPS answer in the customer's history
 *   NPS#<yyyy-mm>            / <sentAt>#<ticket> an NPS survey sent that month, and its answer (adapters/nps-store.ts)
 *   MERGE#<from>             / MERGE            a customer merge in progress / done
 *   AUDIT#<YYYY-MM>          / <at>#<id>        an audit record: an admin action or a sign-in (TTL: audit.retentionDays)
 *   FAILURE#<queue>#<msg id> / FAILURE          why a queued message last failed (TTL 14 days, destek dlq)
 *   AGENTLIVE                / <connectionId>   an agent's authorised live socket (TTL: its token's expiry)
 *   HELPSTATS#<shard>        / <day>#A#<locale>#<article> | <day>#Q#<locale>#<query>   help-center counters of a day (TTL 400 days)
 *   TEAMS                    / <team id>        team (members, lead, calendar, assignment; rotationLast: round-robin's place)
 *   AGENTS                   / <agent id>       agent profile (presence, capacity, e-mail; openTickets: the open tickets held)
 */
/**
 * Shard counts: the one place they are set. A DynamoDB partition takes about 1,000 write units/s,
 * so a key every ticket writes to would cap the whole shop (README, Scale).
 *
 * ticketViews: the view indexes' partition keys (status, work queue, month opened)
 * end in `#<shard>`, the shard a hash of the ticket id; reads query every shard and merge. Growing it
 * is safe (reads cover the new shards; a ticket moves on its next write); shrinking strands tickets.
 *
 * helpStats: the help center's daily counters spread over this many partitions (by article or query),
 * read back with one Query per shard for any range of days.
 *
 * ticketCounter: ticket numbers come from this many counters, counter k handing out the numbers
 * ≡ k (mod ticketCounter). Never change it on a table that has tickets: numbers would repeat.
 */
export const SHARDS = { ticketViews: 8, ticketCounter: 8, helpStats: 4 } as const;

/**
 * A table's keys and indexes: what CDK and the local stack both build a table from. Each index holds
 * its keys, the table's keys and `include`d attributes only (KEYS_ONLY when none): an index entry costs
 * a write whenever an attribute it holds changes, and ALL would copy the whole item into every index.
 * Readers filter on the included attributes and fetch whole rows from the table (adapters/full-items).
 */
export interface TableSchema {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly ttlAttribute?: string;
  /** The table's change stream (lambdas/definitions/change-feed.ts reads it); KEYS_ONLY: records carry the keys only. */
  readonly stream?: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
  readonly indexes: readonly { name: string; partitionKey: string; sortKey: string; include?: readonly string[] }[];
}

/**
 * The ticket views share their key attributes where the values are the same (the status shard, the
 * last-update order), so the ticket item carries each only once.
 *
 * `gsi6pk` (`INTENT#<intent>#<status>[#<shard>]`) is the intent of tickets written before the intent
 * had an attribute of its own (it keyed the byIntent index, gone since): readers fall back to it while
 * such tickets remain. A ticket written now has no gsi6pk, so holding it costs nothing.
 */
const LEGACY_INTENT = 'gsi6pk';

/** What the queue views filter on (agent-store queryTickets): assignee, channel, priority, breach, intent. */
const TICKET_VIEW_FILTERS = ['assignee', 'channel', 'priority', 'slaBreachedAt', 'intent', LEGACY_INTENT] as const;

/**
 * What the metrics read (agent/metrics TicketFacts, adapters/table-keys factsFromIndexEntry), so a
 * month's metrics read only byCreated. Each is small and set once or rarely: an index entry is written
 * only when one of them changes. singleContact, agentReplied, agentReplyCounts and csatScore are derived from the
 * interaction count, the agent-reply count and the rating (agent/metrics derivedFacts) and kept only
 * once they count (resolved), so a follow-up message or agent reply on an unresolved ticket leaves the
 * entry alone.
 */
export const METRIC_FACTS = [
  'channel',
  'status',
  'createdAt',
  'intent',
  LEGACY_INTENT,
  'singleContact',
  'agentReplied',
  'csatScore',
  'firstResponseAt',
  'firstResponder',
  'firstResponseBy',
  'firstResolvedAt',
  'resolvedAt',
  'resolvedBy',
  'agentReplyCounts',
  'reopenCount',
  'slaBreachedAt',
  // The SLA figures per team and by policy and target (agent/sla-metrics.ts): set when routed, escalated, breached.
  'team',
  'slaCounts',
] as const;

export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  // The items before and after: the event publisher tells what changed (the live push reads the keys only).
  stream: 'NEW_AND_OLD_IMAGES',
  indexes: [
    /**
     * Agents' queue views: tickets by status, most recently updated first (sharded). The channel and
     * intent views are this index filtered on `channel` and `intent`: an index of their own sorted by
     * the last update would cost a delete and a put on every customer message.
     */
    { name: 'byStatus', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', include: TICKET_VIEW_FILTERS },
    /**
     * Customer 360: a customer's tickets, interactions and identities on every channel, newest first.
     * Holds what the recent-contact count and the chat history filter on.
     */
    { name: 'byCustomer', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', include: ['direction', 'channel', 'from', 'to', 'kind'] },
    /** An agent's own tickets, per status, most recently updated first; a team's tickets nobody holds (TEAMQUEUE#<team>#<status>). */
    { name: 'byAssignee', partitionKey: 'gsi3pk', sortKey: 'gsi1sk', include: TICKET_VIEW_FILTERS },
    /** The work queue: tickets of a status by priority, then first-response due time (sharded). */
    { name: 'byQueue', partitionKey: 'gsi1pk', sortKey: 'gsi4sk', include: TICKET_VIEW_FILTERS },
    /** Tickets by the month they were opened, with the facts the metrics read (sharded). */
    { name: 'byCreated', partitionKey: 'gsi7pk', sortKey: 'gsi7sk', include: METRIC_FACTS },
  ],
} as const satisfies TableSchema;

/** An index's projection, in CloudFormation's and CreateTable's terms. */
export function indexProjection(index: TableSchema['indexes'][number]): { type: 'KEYS_ONLY' | 'INCLUDE'; nonKeyAttributes?: string[] } {
  return index.include?.length ? { type: 'INCLUDE', nonKeyAttributes: [...index.include] } : { type: 'KEYS_ONLY' };
}

export type IndexName = (typeof tableSchema.indexes)[number]['name'];

/**
 * Demo and small-shop order data for order-status answers (the DynamoDB order-lookup adapter). A shop
 * with its own system points the HTTP adapter at it instead. Item: orderNumber + the Order fields.
 */
export const ordersTableSchema = {
  partitionKey: 'orderNumber',
  indexes: [],
} as const;
