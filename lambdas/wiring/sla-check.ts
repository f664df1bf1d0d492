import { DynamoAgentStore } from '#adapters/agent-store';
import type { SlaCheckDeps } from '#agent/sla-check';
import { storeOptionsFromEnv } from './settings';
import { documentClient } from './shared';

/** The first-response SLA checker's dependencies. */
export const slaCheckDepsFromEnv = (env = process.env): SlaCheckDeps => ({ store: new DynamoAgentStore(documentClient(), storeOptionsFromEnv(env)) });
