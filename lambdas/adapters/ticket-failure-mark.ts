import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './table-keys';

/**
 * Writes a delivery failure SES reported later (bounce, complaint) on the ticket, where agents see it.
 * A new version, so a pipeline run that read the ticket before re-reads it rather than drop this.
 */
export const dynamoTicketFailureMark =
  (db: DynamoDBDocumentClient, tableName: string) =>
  async (ticketId: string, failure: { interactionKey: string; reason: string; at: string }): Promise<void> => {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.ticket(ticketId),
        UpdateExpression: 'SET lastDeliveryFailure = :f, version = version + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':f': failure, ':one': 1 },
      }),
    );
  };
