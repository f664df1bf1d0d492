import { DynamoAgentStore } from '../adapters/agent-store';
import { chatStore } from '../adapters/chat-runtime';
import { createConnectionPusher } from '../adapters/connections-client';
import { createDocumentClient } from '../adapters/dynamodb-client';
import { sqsOutboundQueue } from '../adapters/fifo-queue';
import { s3AgentFiles } from '../adapters/s3-agent-files';
import { createS3Client } from '../adapters/s3-client';
import { createSqsClient } from '../adapters/sqs-client';
import { makeAgentApi } from '../agent/api';
import { pushToVisitor } from '../channels/chat/push-sender';
import { requireEnv } from '../config/env';
import { keyFromEnv } from '../config/keys';
import { storeOptionsFromEnv } from '../config/runtime';
import { httpHandler } from '../http/middleware';

const presence = { store: chatStore(), pusher: createConnectionPusher(requireEnv('CHAT_CALLBACK_URL')) };

export const handler = httpHandler(
  makeAgentApi({
    store: new DynamoAgentStore(createDocumentClient(), storeOptionsFromEnv()),
    outbound: sqsOutboundQueue(createSqsClient(), requireEnv('OUTBOUND_QUEUE_URL')),
    files: s3AgentFiles(createS3Client()),
    chat: { typing: (visitorId, on) => pushToVisitor(presence, visitorId, { type: 'typing', on }) },
    csat: { key: keyFromEnv('csat-link'), publicUrl: requireEnv('PUBLIC_API_URL') },
  }),
);
