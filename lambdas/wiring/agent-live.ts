import type { DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { DynamoAgentConnections } from '#adapters/agent-connections';
import { makeAgentTokenVerifier, remoteKeys } from '#adapters/agent-token';
import { createConnectionPusher } from '#adapters/connections-client';
import { changesSearchTerms } from '#adapters/search-keys';
import { ticketIdOfPartitionKey } from '#adapters/table-keys';
import { makeAgentPush, makeAgentSocket } from '#agent/live';
import { logger } from '#observability';
import { requireEnv } from './env';
import { searchIndexingFromEnv } from './search';
import { once } from './lazy';
import { documentClient } from './shared';

const connectionsFromEnv = (env: NodeJS.ProcessEnv) => new DynamoAgentConnections(documentClient(), requireEnv('TABLE_NAME', env));

/** The agents' socket (bindings table:readwrite, agents:tokens). */
export function agentSocketFromEnv(env = process.env) {
  // The key set is made with the first token to check: making it loads Node's fetch (undici), which
  // the stream's pushes, most of this function's invocations, never use.
  const jwksUrl = requireEnv('AGENT_JWKS_URL', env);
  const keys = once(() => remoteKeys(jwksUrl));
  const verify = makeAgentTokenVerifier({ issuer: requireEnv('AGENT_TOKEN_ISSUER', env), audience: requireEnv('AGENT_TOKEN_AUDIENCE', env) }, (header, token) =>
    keys()(header, token),
  );
  return makeAgentSocket({ verify, connections: connectionsFromEnv(env) });
}

/**
 * The change feed's consumer (bindings table:readwrite, agentsocket:manage), as a stream handler with
 * partial batch failures: indexes the changed tickets for search while it pushes the changes to the
 * agents' consoles. A ticket that failed to index fails its records from the first one (Lambda
 * retries from there; indexing again is harmless, a push again costs a reload).
 */
export function agentPushFromEnv(env = process.env): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  const push = makeAgentPush({
    connections: connectionsFromEnv(env),
    pusher: createConnectionPusher(requireEnv('AGENT_CALLBACK_URL', env), env),
    onPostFailure: (connectionId, error) => logger.warn('agent push failed', { connectionId, error: error as Error }),
  });
  const index = searchIndexingFromEnv(env);
  return async (event) => {
    const records = event.Records.map((r) => ({
      sequenceNumber: r.dynamodb?.SequenceNumber ?? '',
      ticketId: ticketIdOfPartitionKey(r.dynamodb?.Keys?.pk?.S),
      indexes: changesSearchTerms(r),
    }));
    // Side by side: the consoles hear of a change as soon as without search (the index is not what they read).
    const [unindexed, result] = await Promise.all([index(records.flatMap((r) => (r.ticketId && r.indexes ? [r.ticketId] : []))), push(records)]);
    for (const { ticketId, error } of unindexed) logger.error('search indexing failed', { ticketId, error: error as Error });
    if (result.gone || result.expired) logger.info('agent connections ended', { gone: result.gone, expired: result.expired });
    const failedTickets = new Set(unindexed.map((u) => u.ticketId));
    const failed = new Set([
      ...result.failedSequenceNumbers,
      ...records.filter((r) => r.ticketId && failedTickets.has(r.ticketId)).map((r) => r.sequenceNumber),
    ]);
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
