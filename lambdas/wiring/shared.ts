import type { DocumentClient } from '#adapters/aws/dynamodb';
import { DynamoChatStore } from '#adapters/chat-store';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { DynamoFailureLog } from '#adapters/failure-log-dynamo';
import { enqueueInbound } from '#adapters/fifo-queue';
import { createSqsClient } from '#adapters/sqs-client';
import type { InboundMessage } from '#core/messages';
import { requireEnv } from './env';

/** What more than one function builds the same way. */

let doc: DocumentClient | undefined;

/** One DynamoDB client per container, shared by every store of the function. */
export const documentClient = (): DocumentClient => (doc ??= createDocumentClient());

export const chatStoreFromEnv = (env = process.env) => new DynamoChatStore(documentClient(), requireEnv('TABLE_NAME', env));

/** Puts a message on the inbound queue (binding inbound:send). */
export function inboundQueueFromEnv(env = process.env): (msg: InboundMessage) => Promise<void> {
  const sqs = createSqsClient();
  const url = requireEnv('INBOUND_QUEUE_URL', env);
  return (msg) => enqueueInbound(sqs, url, msg);
}

/** Where a queue consumer records the records it gave up on (the batch handler's failure log). */
export const failureLogFromEnv = (env = process.env) => new DynamoFailureLog(documentClient(), requireEnv('TABLE_NAME', env));
