import { assignInTeam, type AssignmentDeps } from '#core/assignment';
import type { Ticket } from '#core/model';
import type { TeamStore } from '#core/teams';
import type { AgentApiDeps } from './router';

/** Teams, agents' presence and load, and automatic assignment, as the agent API uses them. */
export type PeopleDeps = AssignmentDeps & { readonly directory: TeamStore };

export function peopleOf(deps: AgentApiDeps): PeopleDeps {
  if (!deps.people) throw new Error('the agent API was built without its team directory (deps.people)');
  return deps.people;
}

const holds = (t: Ticket | undefined, agentId: string | undefined) =>
  Boolean(agentId && t?.assignee === agentId && (t.status === 'open' || t.status === 'pending'));

/**
 * After a person changed a ticket: the agents' held tickets follow (a ticket resolved or given to
 * someone else is let go, one assigned by hand is held whatever the capacity), and a ticket moved to a
 * team with nobody on it is assigned within the team. Each step is safe to repeat.
 */
export async function afterTicketChange(deps: AgentApiDeps, before: Ticket, after: Ticket): Promise<Ticket> {
  if (!deps.people) return after;
  const { load } = deps.people;
  if (before.assignee && holds(before, before.assignee) && !holds(after, before.assignee)) await load.release(before.assignee, after.id);
  if (after.assignee && holds(after, after.assignee) && !holds(before, after.assignee)) await load.hold(after.assignee, after.id);
  if (after.team && after.team !== before.team && !after.assignee) {
    const outcome = await assignInTeam(deps.people, after);
    if (outcome.status !== 'skipped') return outcome.ticket;
  }
  return after;
}
