import { makeAgentApi } from '#agent/api';
import { httpHandler } from '#http/middleware';
import { agentApiDepsFromEnv } from '#wiring/agent-api';

export const handler = httpHandler(makeAgentApi(agentApiDepsFromEnv()));
