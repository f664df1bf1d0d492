import { GetCommand, QueryCommand, TransactWriteCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import type { AssignmentTickets } from '#core/assignment';
import type { Priority, Ticket } from '#core/model';
import { fullItems } from './full-items';
import { fromItem, interactionItem, keys, teamQueueKey, ticketItem } from './table-keys';

/**
 * The tickets automatic assignment reads and writes: a ticket (read consistently), its version-guarded
 * change with the change's events (one transaction, as the agent API writes), a team's waiting queue
 * and an agent's tickets, both from byAssignee (a team's unassigned tickets have their own partition there).
 */
export function dynamoTeamTickets(db: DocumentClient, tableName: string): AssignmentTickets {
  const byAssignee = async (partition: string, limit: number, filter?: { priority: Priority }) => {
    const entries: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'byAssignee',
          KeyConditionExpression: 'gsi3pk = :p',
          ExpressionAttributeValues: { ':p': partition, ...(filter ? { ':priority': filter.priority } : {}) },
          ...(filter ? { FilterExpression: '#priority = :priority', ExpressionAttributeNames: { '#priority': 'priority' } } : {}),
          ExclusiveStartKey: start,
        }),
      );
      entries.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start && entries.length < limit);
    return (await fullItems(db, tableName, entries.slice(0, limit))).map((i) => fromItem<Ticket>(i));
  };
  return {
    async getTicket(id) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.ticket(id), ConsistentRead: true }));
      return out.Item ? fromItem<Ticket>(out.Item) : undefined;
    },
    async commitTicketChange(c) {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: ticketItem(c.ticket),
                  ConditionExpression: 'version = :expected',
                  ExpressionAttributeValues: { ':expected': c.expectedVersion },
                },
              },
              ...c.interactions.map((i) => ({ Put: { TableName: tableName, Item: interactionItem(i), ConditionExpression: 'attribute_not_exists(pk)' } })),
            ],
          }),
        );
        return 'committed';
      } catch (e) {
        if ((e as Error).name === 'TransactionCanceledException') return 'conflict';
        throw e;
      }
    },
    // The index is eventually consistent: a ticket assigned a moment ago may still be listed; assignment re-reads each.
    waitingInTeam: (teamId, limit) => byAssignee(teamQueueKey(teamId, 'open'), limit),
    heldBy: (agentId, priority) => byAssignee(`ASSIGNEE#${agentId}#open`, 500, { priority }),
  };
}
