/**
 * The single-table schema. CDK creates the table from it (lib/constructs/data.ts) and the local stack
 * creates the same table in DynamoDB Local (local/dynamodb.ts).
 *
 * Items (pk / sk):
 *   CUSTOMER#<id>            / PROFILE          customer; gsi2 lists its tickets and interactions
 *   IDENTITY#<channel>#<addr>/ IDENTITY         channel identity → customer
 *   TICKET#<number>          / TICKET           ticket; gsi1 = status view, gsi2 = customer view
 *   TICKET#<number>          / INTERACTION#<time>#<id>   message in/out, note, event
 *   THREAD#<channel>#<key>   / THREAD           conversation → current ticket
 *   MESSAGE#<channel>#<id>   / MESSAGE          processed channel message (the replay guard)
 *   COUNTER#ticket           / COUNTER          atomic ticket-number counter
 */
/** A table's keys and indexes: what CDK and the local stack both build a table from. */
export interface TableSchema {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly ttlAttribute?: string;
  readonly indexes: readonly { name: string; partitionKey: string; sortKey: string }[];
}

export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [
    /** Agents' queue views: tickets by status, most recently updated first. */
    { name: 'byStatus', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Customer 360: a customer's tickets and interactions on every channel, newest first. */
    { name: 'byCustomer', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** An agent's own tickets. */
    { name: 'byAssignee', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

export type IndexName = (typeof tableSchema.indexes)[number]['name'];

/**
 * Demo and small-shop order data for order-status answers (the DynamoDB order-lookup adapter). A shop
 * with its own system points the HTTP adapter at it instead. Item: orderNumber + the Order fields.
 */
export const ordersTableSchema = {
  partitionKey: 'orderNumber',
  indexes: [],
} as const;
