import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import type { AgentProfile, Team, TeamStore } from '#core/teams';
import { AGENT_PROFILES, keys, TEAMS } from './table-keys';

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as T;
};

/** Teams and agent profiles in the table, one partition each (a shop has few of either). */
export function dynamoTeamStore(db: DocumentClient, tableName: string): TeamStore {
  const get = async <T>(key: Record<string, string>) => {
    const out = await db.send(new GetCommand({ TableName: tableName, Key: key }));
    return out.Item ? strip<T>(out.Item) : undefined;
  };
  const list = async <T>(pk: string) => {
    const items: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ExclusiveStartKey: start }),
      );
      for (const item of out.Items ?? []) items.push(strip<T>(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  };
  return {
    team: (id) => get<Team>(keys.team(id)),
    teams: () => list<Team>(TEAMS),
    agent: (agentId) => get<AgentProfile>(keys.agentProfile(agentId)),
    agents: () => list<AgentProfile>(AGENT_PROFILES),
    async putTeam(team) {
      await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.team(team.id), type: 'team', ...team } }));
    },
    async deleteTeam(id) {
      const out = await db.send(new DeleteCommand({ TableName: tableName, Key: keys.team(id), ReturnValues: 'ALL_OLD' }));
      return Boolean(out.Attributes);
    },
    async putAgent(agent) {
      await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.agentProfile(agent.agentId), type: 'agent', ...agent } }));
    },
  };
}
