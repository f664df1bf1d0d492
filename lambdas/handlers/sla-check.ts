import { DynamoAgentStore } from '../adapters/agent-store';
import { createDocumentClient } from '../adapters/dynamodb-client';
import { makeSlaCheckHandler } from '../agent/sla-check';
import { storeOptionsFromEnv } from '../config/runtime';

const db = createDocumentClient();
const store = storeOptionsFromEnv();

export const handler = makeSlaCheckHandler({ store: new DynamoAgentStore(db, store) });
