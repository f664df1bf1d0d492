/**
 * Teams and the agents in them (issue 21): who a ticket's team is, who leads it, who may be assigned
 * and how. Stored in the table (lambdas/adapters/team-directory.ts), managed through admin routes.
 */

/** How a team hands new tickets to its available members. */
export type AssignmentMethod = 'round-robin' | 'least-open' | 'manual';

export interface Team {
  /** Short, URL-safe: `kargo`, `iade`. */
  readonly id: string;
  readonly name: string;
  /** Agent ids (the Cognito `sub`). */
  readonly members: readonly string[];
  /** The agent told when a ticket of the team breaches its SLA. */
  readonly lead?: string;
  /** A calendar named in the configuration's business hours; the default calendar when absent. */
  readonly calendar?: string;
  readonly assignment: AssignmentMethod;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Set by the agent in the console; nobody is assigned while away. */
export type Presence = 'available' | 'away';

export interface AgentProfile {
  readonly agentId: string;
  readonly name?: string;
  /** Where escalations are e-mailed. */
  readonly email?: string;
  readonly presence: Presence;
  /** At most this many open tickets assigned automatically; no limit when absent. */
  readonly capacity?: number;
  readonly updatedAt: string;
}

/** Reading teams and agents: what the pipeline, the SLA timer and the agent API need. */
export interface TeamDirectory {
  team(id: string): Promise<Team | undefined>;
  teams(): Promise<Team[]>;
  agent(agentId: string): Promise<AgentProfile | undefined>;
  agents(): Promise<AgentProfile[]>;
}

/** Writing them: the admin routes and the agent's own presence. */
export interface TeamStore extends TeamDirectory {
  putTeam(team: Team): Promise<void>;
  deleteTeam(id: string): Promise<boolean>;
  putAgent(agent: AgentProfile): Promise<void>;
}
