import { createDocumentClient } from '../adapters/dynamodb-client';
import { DynamoStore } from '../adapters/dynamo-store';
import { makeAgentApi } from '../agent/api';
import { storeOptionsFromEnv } from '../config/runtime';
import { httpHandler } from '../http/middleware';

export const handler = httpHandler(
  makeAgentApi({ tickets: new DynamoStore(createDocumentClient(), storeOptionsFromEnv()) }),
);
