import type { DynamoDBStreamEvent } from 'aws-lambda';
import { logger, observed } from '#observability';
import { agentPushFromEnv, agentSocketFromEnv } from '#wiring/agent-live';

const socket = agentSocketFromEnv();
const push = agentPushFromEnv();

type SocketEvent = Parameters<typeof socket>[0];

/**
 * The agents' live updates: the WebSocket routes ($connect, auth; the frame, a token, is
 * never logged), and the table's stream batches (ticket and interaction items only, by the event
 * source's filter), pushed to every authorised connection.
 */
export const handler = observed(async (event: SocketEvent | DynamoDBStreamEvent) => {
  if ('Records' in event) return push(event);
  try {
    return await socket(event);
  } catch (e) {
    logger.error('agent socket failed', { routeKey: event.requestContext.routeKey, error: e as Error });
    return { statusCode: 500, body: JSON.stringify({ type: 'error', message: 'try again' }) };
  }
});
