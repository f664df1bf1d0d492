import type { DocumentClient } from '#adapters/aws/dynamodb';
import { dynamoTeamStore } from '#adapters/team-directory';
import { dynamoTeamTickets } from '#adapters/team-tickets';
import type { AssignmentDeps } from '#core/assignment';
import type { TeamStore } from '#core/teams';
import { requireEnv } from './env';

/** Teams, agents' presence and load, and the tickets assignment writes: the pipeline's and the agent API's. */
export function assignmentDepsFromEnv(db: DocumentClient, env = process.env): AssignmentDeps & { readonly directory: TeamStore } {
  const table = requireEnv('TABLE_NAME', env);
  const teams = dynamoTeamStore(db, table);
  return {
    directory: teams,
    load: teams,
    rotation: teams,
    tickets: dynamoTeamTickets(db, table),
    ...(env.DEFAULT_TEAM ? { defaultTeam: env.DEFAULT_TEAM } : {}),
  };
}
