import type { DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { DynamoAgentConnections } from '#adapters/agent-connections';
import { makeAgentTokenVerifier, remoteKeys } from '#adapters/agent-token';
import { createConnectionPusher } from '#adapters/connections-client';
import { ticketIdOfPartitionKey } from '#adapters/table-keys';
import { makeAgentPush, makeAgentSocket } from '#agent/live';
import { logger } from '#observability';
import { requireEnv } from './env';
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

/** The change feed's consumer (bindings table:readwrite, agentsocket:manage), as a stream handler with partial batch failures. */
export function agentPushFromEnv(env = process.env): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  const push = makeAgentPush({
    connections: connectionsFromEnv(env),
    pusher: createConnectionPusher(requireEnv('AGENT_CALLBACK_URL', env), env),
    onPostFailure: (connectionId, error) => logger.warn('agent push failed', { connectionId, error: error as Error }),
  });
  return async (event) => {
    const records = event.Records.map((r) => ({ sequenceNumber: r.dynamodb?.SequenceNumber ?? '', ticketId: ticketIdOfPartitionKey(r.dynamodb?.Keys?.pk?.S) }));
    const result = await push(records);
    if (result.gone || result.expired) logger.info('agent connections ended', { gone: result.gone, expired: result.expired });
    return { batchItemFailures: result.failedSequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
