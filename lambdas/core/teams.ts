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
  /**
   * The open tickets the agent holds (core/assignment.ts): claimed before a ticket is assigned, so a
   * capacity is never exceeded by two assignments at once. Kept by the store, never by a profile write.
   */
  readonly openTickets?: readonly string[];
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
  /** Writes the profile's own fields; the tickets it holds (openTickets) stay as they are. */
  putAgent(agent: AgentProfile): Promise<void>;
}

/** 'full': at capacity; 'away' (or no profile): nobody is given tickets then. */
export type ClaimOutcome = 'claimed' | 'full' | 'away';

/**
 * The open tickets each agent holds, on the agent's profile: one item, so DynamoDB's per-item
 * atomicity makes the capacity check and the claim one step. Each call is safe to repeat.
 */
export interface AgentLoad {
  /** Holds the ticket for the agent if available and under capacity (or holding it already). */
  claim(agentId: string, ticketId: string, capacity: number | undefined): Promise<ClaimOutcome>;
  /** Holds it whatever the capacity (a person assigned it by hand). */
  hold(agentId: string, ticketId: string): Promise<void>;
  release(agentId: string, ticketId: string): Promise<void>;
}

/** Where each round-robin team left off: the member assigned last. */
export interface TeamRotation {
  last(teamId: string): Promise<string | undefined>;
  advance(teamId: string, agentId: string): Promise<void>;
}
