import { GetCommand, PutCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import { MAX_ERROR_MESSAGE_CHARS, type FailureLog, type RecordFailure } from '#core/failures';
import { DLQ_RETENTION_DAYS } from '#definitions/queues';
import { tableSchema } from '#definitions/table';

/** FAILURE#<queue>#<message id> / FAILURE: the last failure of one queued message. */
const failureKey = (queue: string, messageId: string) => ({ pk: `FAILURE#${queue}#${messageId}`, sk: 'FAILURE' });

/**
 * Failures in the support table, one small item per failed message (written only on failure), gone
 * with DynamoDB's TTL when the dead-letter queue would have dropped the message too.
 */
export class DynamoFailureLog implements FailureLog {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
    private readonly keepDays = DLQ_RETENTION_DAYS,
  ) {}

  async record(f: RecordFailure): Promise<void> {
    const expires = Math.floor(Date.parse(f.at) / 1000) + this.keepDays * 86_400;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...failureKey(f.queue, f.messageId),
          type: 'failure',
          ...f,
          errorMessage: f.errorMessage.slice(0, MAX_ERROR_MESSAGE_CHARS),
          [tableSchema.ttlAttribute]: expires,
        },
      }),
    );
  }

  async find(queue: string, messageId: string): Promise<RecordFailure | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: failureKey(queue, messageId) }));
    if (!out.Item) return undefined;
    const { queue: q, messageId: id, errorName, errorMessage, receiveCount, firstReceivedAt, at } = out.Item as RecordFailure;
    return { queue: q, messageId: id, errorName, errorMessage, receiveCount, ...(firstReceivedAt ? { firstReceivedAt } : {}), at };
  }
}
