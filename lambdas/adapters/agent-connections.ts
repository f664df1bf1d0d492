import { DeleteCommand, PutCommand, QueryCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import type { AgentConnections, VerifiedAgent } from '#agent/live';
import { AGENT_CONNECTIONS, keys } from './table-keys';

/**
 * The agents' authorised live sockets in the one table: one partition (keys.agentConnection), each
 * item expiring (TTL) with its token. TTL deletes lazily (within days): the push closes and deletes an
 * expired connection it still finds.
 */
export class DynamoAgentConnections implements AgentConnections {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  async save(connectionId: string, agent: VerifiedAgent): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.agentConnection(connectionId), type: 'agentConnection', agentId: agent.agentId, expiresAt: agent.expiresAt },
      }),
    );
  }

  async remove(connectionId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: keys.agentConnection(connectionId) }));
  }

  async list(): Promise<{ connectionId: string; expiresAt: number }[]> {
    const found: { connectionId: string; expiresAt: number }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': AGENT_CONNECTIONS },
          ProjectionExpression: 'sk, expiresAt',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) found.push({ connectionId: String(item.sk), expiresAt: Number(item.expiresAt) });
      start = page.LastEvaluatedKey;
    } while (start);
    return found;
  }
}
