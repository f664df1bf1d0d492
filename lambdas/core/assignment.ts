import type { Interaction, Priority, Ticket } from './model';
import { interactionId } from './model';
import type { AgentLoad, AgentProfile, Team, TeamDirectory, TeamRotation } from './teams';

/** The ticket writes assignment needs; the agent store's version-guarded change satisfies it. */
export interface AssignmentTickets {
  getTicket(id: string): Promise<Ticket | undefined>;
  commitTicketChange(change: {
    readonly ticket: Ticket;
    readonly expectedVersion: number;
    readonly interactions: readonly Interaction[];
  }): Promise<'committed' | 'conflict' | 'duplicate'>;
  /** The team's open tickets nobody holds, at most `limit` (any order). */
  waitingInTeam(teamId: string, limit: number): Promise<Ticket[]>;
  /** The agent's open tickets of a priority. */
  heldBy(agentId: string, priority: Priority): Promise<Ticket[]>;
}

export interface AssignmentDeps {
  readonly directory: TeamDirectory;
  readonly load: AgentLoad;
  readonly rotation: TeamRotation;
  readonly tickets: AssignmentTickets;
  /** The team of tickets nothing else routed (configuration routing.defaultTeam). */
  readonly defaultTeam?: string;
  readonly now?: () => Date;
}

export type AssignmentOutcome =
  | { readonly status: 'assigned'; readonly agentId: string; readonly ticket: Ticket }
  /** The team has nobody available under capacity: the ticket waits in the team's queue. */
  | { readonly status: 'waiting'; readonly ticket: Ticket }
  | { readonly status: 'skipped'; readonly reason: string };

/** Who automatic assignment is for: open tickets people handle, held by nobody. */
export const wantsAgent = (t: Ticket): boolean => t.status === 'open' && !t.assignee && t.handling !== 'bot';

/** Tickets count against an agent's capacity while they are unresolved. */
const holdsAgent = (t: Ticket): boolean => t.status === 'open' || t.status === 'pending';

/**
 * The order to try a team's members in: the available ones only; a member already holding the
 * ticket first (a run that claimed and stopped is resumed, never doubled); then round-robin after
 * the member assigned last, or least open tickets first (members' order breaks ties).
 */
export function candidateOrder(team: Team, profiles: readonly AgentProfile[], ticketId: string, lastAssigned?: string): AgentProfile[] {
  const byId = new Map(profiles.map((p) => [p.agentId, p]));
  const members = team.members.map((id) => byId.get(id)).filter((p): p is AgentProfile => p?.presence === 'available');
  let ordered: AgentProfile[];
  if (team.assignment === 'least-open') {
    ordered = members
      .map((p, i) => ({ p, i }))
      .sort((a, b) => (a.p.openTickets?.length ?? 0) - (b.p.openTickets?.length ?? 0) || a.i - b.i)
      .map((e) => e.p);
  } else {
    const after = lastAssigned ? members.findIndex((p) => p.agentId === lastAssigned) + 1 : 0;
    ordered = [...members.slice(after), ...members.slice(0, after)];
  }
  const resuming = ordered.filter((p) => p.openTickets?.includes(ticketId));
  return [...resuming, ...ordered.filter((p) => !resuming.includes(p))];
}

/** An event on the ticket's timeline, its id fixed by the version it makes (a retried write plans the same one). */
function assignmentEvent(t: Ticket, version: number, at: string, type: 'assignee' | 'team', from: unknown, to: unknown, why: string): Interaction {
  return {
    ticketId: t.id,
    key: interactionId(at, `${type}-v${version}`),
    direction: 'internal',
    kind: 'event',
    channel: t.channel,
    customerId: t.customerId,
    at,
    author: 'system',
    text: `${type}: ${String(from ?? '—')} → ${String(to ?? '—')} (${why})`,
    event: { type, from: from ?? null, to: to ?? null },
  };
}

const MAX_WRITES = 5;

/**
 * Writes a change to the ticket if `still` holds for the ticket as it now is (re-read on a
 * conflict): the ticket as written, or undefined when it no longer applies.
 */
async function writeTicket(
  deps: AssignmentDeps,
  ticketId: string,
  still: (t: Ticket) => boolean,
  change: (t: Ticket, version: number, at: string) => { fields: Partial<Ticket>; events: Interaction[] },
): Promise<Ticket | undefined> {
  for (let attempt = 0; attempt < MAX_WRITES; attempt++) {
    const current = await deps.tickets.getTicket(ticketId);
    if (!current || !still(current)) return undefined;
    const at = (deps.now ?? (() => new Date()))().toISOString();
    const version = current.version + 1;
    const { fields, events } = change(current, version, at);
    const next: Ticket = { ...current, ...fields, updatedAt: at, version };
    const result = await deps.tickets.commitTicketChange({ ticket: next, expectedVersion: current.version, interactions: events });
    if (result === 'committed') return next;
  }
  return undefined;
}

interface AssignOptions {
  /** Only these agents (an agent who just became available). */
  readonly only?: string;
  /** The agent the ticket is taken from (gone away): the event names them. */
  readonly from?: string;
  readonly why?: string;
}

/**
 * Gives the ticket to an available member of its team (or the default team) under their capacity,
 * by the team's method. Nobody available: the ticket stays with the team, unassigned, and is given
 * out when a member becomes available. Safe to repeat and to run concurrently: the agent's claim is
 * conditional on capacity, the ticket's write on its version and on nobody holding it.
 */
export async function assignInTeam(deps: AssignmentDeps, ticket: Ticket, options: AssignOptions = {}): Promise<AssignmentOutcome> {
  const open = options.from ? (t: Ticket) => t.status === 'open' && t.assignee === options.from : wantsAgent;
  if (!open(ticket)) return { status: 'skipped', reason: 'the ticket is not waiting for an agent' };
  const teamId = ticket.team ?? deps.defaultTeam;
  if (!teamId) return { status: 'skipped', reason: 'the ticket has no team' };
  const team = await deps.directory.team(teamId);
  if (!team) return { status: 'skipped', reason: `team ${teamId} does not exist` };
  const why = options.why ?? `${team.assignment}, team ${team.id}`;
  if (team.assignment !== 'manual') {
    const members = options.only ? team.members.filter((m) => m === options.only) : team.members;
    const [profiles, last] = await Promise.all([
      Promise.all(members.map((m) => deps.directory.agent(m))),
      team.assignment === 'round-robin' ? deps.rotation.last(team.id) : undefined,
    ]);
    const present = profiles.filter((p): p is AgentProfile => p !== undefined && p.agentId !== options.from);
    for (const agent of candidateOrder(team, present, ticket.id, last)) {
      if (!(await claimWithRoom(deps, agent, ticket.id))) continue;
      const written = await writeTicket(deps, ticket.id, open, (t, version, at) => ({
        fields: { assignee: agent.agentId, team: team.id },
        events: [
          ...(t.team !== team.id ? [assignmentEvent(t, version, at, 'team', t.team, team.id, why)] : []),
          assignmentEvent(t, version, at, 'assignee', t.assignee, agent.agentId, why),
        ],
      }));
      if (!written) {
        // Someone else took the ticket meanwhile (or it closed): the claim goes back.
        const now = await deps.tickets.getTicket(ticket.id);
        if (now?.assignee !== agent.agentId) await deps.load.release(agent.agentId, ticket.id);
        return { status: 'skipped', reason: 'the ticket changed meanwhile' };
      }
      if (options.from) await deps.load.release(options.from, ticket.id);
      if (team.assignment === 'round-robin') await deps.rotation.advance(team.id, agent.agentId);
      return { status: 'assigned', agentId: agent.agentId, ticket: written };
    }
  }
  // Nobody: the ticket waits in the team's queue (taken from an agent who left: given back to the team).
  if (ticket.team === team.id && !options.from) return { status: 'waiting', ticket };
  const written = await writeTicket(deps, ticket.id, open, (t, version, at) => ({
    fields: { team: team.id, assignee: undefined },
    events: [
      ...(t.team !== team.id ? [assignmentEvent(t, version, at, 'team', t.team, team.id, why)] : []),
      ...(t.assignee ? [assignmentEvent(t, version, at, 'assignee', t.assignee, undefined, `${why}: nobody available`)] : []),
    ],
  }));
  if (options.from && written) await deps.load.release(options.from, ticket.id);
  return written ? { status: 'waiting', ticket: written } : { status: 'skipped', reason: 'the ticket changed meanwhile' };
}

/**
 * Claims a place among the agent's open tickets. At capacity, the tickets the profile lists are
 * checked first: one resolved, closed or given to someone else since is let go (the list is kept
 * by claims; the tickets are the truth), then the claim is tried once more.
 */
async function claimWithRoom(deps: AssignmentDeps, agent: AgentProfile, ticketId: string): Promise<boolean> {
  const first = await deps.load.claim(agent.agentId, ticketId, agent.capacity);
  if (first !== 'full') return first === 'claimed';
  const fresh = await deps.directory.agent(agent.agentId);
  const held = (fresh?.openTickets ?? []).filter((id) => id !== ticketId);
  const tickets = await Promise.all(held.map((id) => deps.tickets.getTicket(id)));
  // An unassigned open ticket may be another run's claim in flight: only a ticket that is over, or someone else's, is let go.
  const stale = held.filter((_, i) => {
    const t = tickets[i];
    return !t || !holdsAgent(t) || (t.assignee !== undefined && t.assignee !== agent.agentId);
  });
  if (!stale.length) return false;
  await Promise.all(stale.map((id) => deps.load.release(agent.agentId, id)));
  return (await deps.load.claim(agent.agentId, ticketId, agent.capacity)) === 'claimed';
}

/** Priority order for handing out waiting tickets: urgent first, then the oldest. */
const RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
export const oldestUrgentFirst = (a: Ticket, b: Ticket): number => RANK[a.priority] - RANK[b.priority] || a.createdAt.localeCompare(b.createdAt);

/** How many waiting tickets of each team are looked at when an agent becomes available. */
const WAITING_READ = 100;

/**
 * An agent became available: the waiting tickets of their teams go to them, oldest urgent first,
 * until their capacity is reached (round-robin or not: nobody else was available to take them).
 */
export async function assignWaiting(deps: AssignmentDeps, agentId: string): Promise<Ticket[]> {
  const agent = await deps.directory.agent(agentId);
  if (agent?.presence !== 'available') return [];
  const teams = (await deps.directory.teams()).filter((t) => t.members.includes(agentId) && t.assignment !== 'manual');
  const waiting = (await Promise.all(teams.map((t) => deps.tickets.waitingInTeam(t.id, WAITING_READ)))).flat().filter(wantsAgent).sort(oldestUrgentFirst);
  const given: Ticket[] = [];
  for (const ticket of waiting) {
    const outcome = await assignInTeam(deps, ticket, { only: agentId, why: `${agentId} became available` });
    if (outcome.status === 'assigned') given.push(outcome.ticket);
    // Full (or away again): the rest wait for someone else.
    else if (outcome.status === 'waiting') break;
  }
  return given;
}

/**
 * An agent went away: their open urgent tickets go to an available member of the ticket's team,
 * or back to the team unassigned; each change an event on the ticket.
 */
export async function reassignUrgent(deps: AssignmentDeps, agentId: string): Promise<AssignmentOutcome[]> {
  const urgent = (await deps.tickets.heldBy(agentId, 'urgent')).filter((t) => t.status === 'open' && t.assignee === agentId);
  const outcomes: AssignmentOutcome[] = [];
  for (const ticket of urgent) {
    if (!ticket.team && !deps.defaultTeam) continue;
    outcomes.push(await assignInTeam(deps, ticket, { from: agentId, why: `${agentId} is away` }));
  }
  return outcomes;
}
