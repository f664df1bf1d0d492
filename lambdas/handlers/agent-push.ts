import { observed } from '#observability';
import { agentPushFromEnv } from '#wiring/agent-live';

/** The table's stream (ticket and interaction items only, by the event source's filter) → agents' consoles. */
export const handler = observed(agentPushFromEnv());
