/**
 * Every Lambda function: its entry, limits and what it may touch. CDK turns `bindings` into IAM grants
 * plus environment variables (lib/constructs/destek-function.ts); the local stack turns them into the
 * same variables pointing at the local servers (local/functions.ts).
 */
export type Binding =
  | 'table:read'
  | 'table:readwrite'
  | 'inbound:send'
  | 'outbound:send'
  | 'orders:read'
  | 'lex:recognize'
  | 'attachments:read'
  | 'attachments:readwrite';

export interface FunctionDefinition {
  readonly entry: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly bindings: readonly Binding[];
}

export const functionDefinitions = {
  chatIngest: {
    entry: 'lambdas/handlers/chat-ingest.ts',
    description: 'Validates chat messages and enqueues them on the inbound queue',
    timeoutSeconds: 10,
    memoryMb: 256,
    bindings: ['inbound:send'],
  },
  pipeline: {
    entry: 'lambdas/handlers/pipeline.ts',
    description: 'Resolves customer, threads to a ticket, stores the interaction, enqueues replies',
    timeoutSeconds: 30,
    memoryMb: 512,
    // orders:read and lex:recognize apply when the configuration has an orders table / Lex locales.
    bindings: ['table:readwrite', 'outbound:send', 'orders:read', 'lex:recognize'],
  },
  sender: {
    entry: 'lambdas/handlers/sender.ts',
    description: 'Delivers outbound messages on their channel exactly once',
    timeoutSeconds: 30,
    memoryMb: 256,
    bindings: ['table:readwrite'],
  },
  agentApi: {
    entry: 'lambdas/handlers/agent-api.ts',
    description: 'Agent dashboard API: tickets, customers, replies, notes, canned responses, bot answers, metrics, CSAT',
    // Merging or erasing a customer walks all of their history.
    timeoutSeconds: 30,
    memoryMb: 512,
    bindings: ['table:readwrite', 'outbound:send', 'attachments:readwrite'],
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof functionDefinitions;

/** The environment variables each binding sets. */
export const bindingEnv = {
  'table:read': ['TABLE_NAME'],
  'table:readwrite': ['TABLE_NAME'],
  'inbound:send': ['INBOUND_QUEUE_URL'],
  'outbound:send': ['OUTBOUND_QUEUE_URL'],
  'orders:read': ['ORDERS_TABLE_NAME'],
  'lex:recognize': ['LEX_BOT_ID', 'LEX_BOT_ALIAS_ID'],
  'attachments:read': ['ATTACHMENTS_BUCKET'],
  'attachments:readwrite': ['ATTACHMENTS_BUCKET'],
} as const satisfies Record<Binding, readonly string[]>;
