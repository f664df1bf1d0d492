/**
 * The throughput benchmark's yardstick: a FIFO consumer that does the least a consumer can, one
 * PutItem per record, behind the same batch handler as the pipeline (so both get the same
 * partial-failure and message-group rules, and only the work per record differs).
 */
import { PutCommand } from '#adapters/aws/dynamodb';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { sqsBatchHandler } from '#http/sqs-batch';

const db = createDocumentClient();
const tableName = process.env.BARE_TABLE_NAME ?? 'bare';

export const handler = sqsBatchHandler(async (record) => {
  const msg = JSON.parse(record.body) as { channelMessageId: string };
  await db.send(new PutCommand({ TableName: tableName, Item: { pk: `MESSAGE#${msg.channelMessageId}`, sk: 'MESSAGE', ...msg } }));
});
