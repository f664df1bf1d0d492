import { makeAgentApi } from '#agent/route-table';
import { httpHandler } from '#http/middleware';

/** The wiring (every store's adapter) loads with the first request, each route's module with its own first call. */
export const handler = httpHandler(makeAgentApi(async () => (await import('#wiring/agent-api')).agentApiDepsFromEnv()));
