import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import type { AgentLoad, AgentProfile, ClaimOutcome, Team, TeamRotation, TeamStore } from '#core/teams';
import { AGENT_PROFILES, keys, TEAMS } from './table-keys';

/** The attribute of an agent's profile that lists the open tickets they hold (a string set). */
const HELD = 'openTickets';
/** The attribute of a team's item where round-robin left off (written by the rotation only). */
const ROTATION = 'rotationLast';

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, type: _type, [ROTATION]: _last, ...rest } = item;
  // A string set comes back as a Set: the domain reads a sorted list.
  if (rest[HELD] instanceof Set) rest[HELD] = [...(rest[HELD] as Set<string>)].sort();
  return rest as T;
};

const isConditionFailure = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

/** Profile fields a profile write sets or removes; the held tickets are the load's, never overwritten here. */
const PROFILE_FIELDS = ['name', 'email', 'presence', 'capacity', 'updatedAt'] as const;

/** Teams and agent profiles in the table, one partition each (a shop has few of either). */
export function dynamoTeamStore(db: DocumentClient, tableName: string): TeamStore & AgentLoad & TeamRotation {
  const get = async <T>(key: Record<string, string>) => {
    const out = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
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
  /** Adds or takes off one ticket (set operations: twice is once); an agent without a profile holds nothing. */
  const changeHeld = async (agentId: string, op: 'ADD' | 'DELETE', ticketId: string) => {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.agentProfile(agentId),
          UpdateExpression: `${op} #held :t`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#held': HELD },
          ExpressionAttributeValues: { ':t': new Set([ticketId]) },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
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
      // An update, not a put: the tickets the agent holds have their own (conditional) writers.
      const set = PROFILE_FIELDS.filter((f) => agent[f] !== undefined);
      const remove = PROFILE_FIELDS.filter((f) => agent[f] === undefined);
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.agentProfile(agent.agentId),
          UpdateExpression: [
            `SET #type = :type, #agentId = :agentId, ${set.map((f) => `#${f} = :${f}`).join(', ')}`,
            ...(remove.length ? [`REMOVE ${remove.map((f) => `#${f}`).join(', ')}`] : []),
          ].join(' '),
          ExpressionAttributeNames: Object.fromEntries(['type', 'agentId', ...PROFILE_FIELDS].map((f) => [`#${f}`, f])),
          ExpressionAttributeValues: { ':type': 'agent', ':agentId': agent.agentId, ...Object.fromEntries(set.map((f) => [`:${f}`, agent[f]])) },
        }),
      );
    },
    async claim(agentId, ticketId, capacity): Promise<ClaimOutcome> {
      const room = capacity === undefined ? '' : ' AND (attribute_not_exists(#held) OR size(#held) < :cap OR contains(#held, :id))';
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.agentProfile(agentId),
            UpdateExpression: 'ADD #held :t',
            ConditionExpression: `#presence = :available${room}`,
            ExpressionAttributeNames: { '#held': HELD, '#presence': 'presence' },
            ExpressionAttributeValues: {
              ':t': new Set([ticketId]),
              ':available': 'available',
              ...(capacity === undefined ? {} : { ':cap': capacity, ':id': ticketId }),
            },
          }),
        );
        return 'claimed';
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        return (await get<AgentProfile>(keys.agentProfile(agentId)))?.presence === 'available' ? 'full' : 'away';
      }
    },
    hold: (agentId, ticketId) => changeHeld(agentId, 'ADD', ticketId),
    release: (agentId, ticketId) => changeHeld(agentId, 'DELETE', ticketId),
    async last(teamId) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.team(teamId), ConsistentRead: true }));
      return out.Item?.[ROTATION] as string | undefined;
    },
    async advance(teamId, agentId) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.team(teamId),
            UpdateExpression: 'SET #last = :a',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#last': ROTATION },
            ExpressionAttributeValues: { ':a': agentId },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },
  };
}
