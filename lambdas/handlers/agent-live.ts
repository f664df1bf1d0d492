import { logger, observed } from '#observability';
import { agentSocketFromEnv } from '#wiring/agent-live';

const socket = agentSocketFromEnv();

/** The agents' WebSocket routes: $connect, $disconnect, auth and $default. The frame (a token) is never logged. */
export const handler = observed(async (event: Parameters<typeof socket>[0]) => {
  try {
    return await socket(event);
  } catch (e) {
    logger.error('agent socket failed', { routeKey: event.requestContext.routeKey, error: e as Error });
    return { statusCode: 500, body: JSON.stringify({ type: 'error', message: 'try again' }) };
  }
});
