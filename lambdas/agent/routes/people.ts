import { assignWaiting, reassignUrgent } from '#core/assignment';
import { ConflictError, NotFoundError } from '#core/errors';
import type { AgentProfile, Team } from '#core/teams';
import { json } from '#http/http';
import {
  agentBody,
  agentIdParam,
  agentListSchema,
  agentProfileSchema,
  newTeamBody,
  presenceBody,
  presenceResultSchema,
  teamBody,
  teamIdParam,
  teamListSchema,
  teamSchema,
} from '#agent/people-schemas';
import { peopleOf } from '#agent/people';
import { route, type AgentApiDeps } from '#agent/router';

export const agentView = (a: AgentProfile) => ({
  agentId: a.agentId,
  name: a.name ?? null,
  email: a.email ?? null,
  presence: a.presence,
  capacity: a.capacity ?? null,
  openTickets: a.openTickets?.length ?? 0,
  updatedAt: a.updatedAt,
});

const teamView = (t: Team) => ({
  id: t.id,
  name: t.name,
  members: [...t.members],
  lead: t.lead ?? null,
  calendar: t.calendar ?? null,
  assignment: t.assignment,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

/** An agent nobody set up yet: away until they say otherwise, so nothing is assigned to someone who never signed in. */
const newProfile = (agentId: string, at: string): AgentProfile => ({ agentId, presence: 'away', updatedAt: at });

/** Members without a profile get one (away): a team can name an agent before their first sign-in. */
async function ensureProfiles(deps: AgentApiDeps, members: readonly string[], at: string): Promise<void> {
  const { directory } = peopleOf(deps);
  const profiles = await Promise.all(members.map((m) => directory.agent(m)));
  await Promise.all(members.filter((_, i) => !profiles[i]).map((m) => directory.putAgent(newProfile(m, at))));
}

/** Agents' own profile and presence; admins manage profiles and teams. */
export const peopleRoutes = [
  route({
    method: 'GET',
    path: '/agents/me',
    summary: "The signed-in agent's profile: presence, capacity, open tickets held",
    access: 'agent',
    responds: { status: 200, description: 'the profile (away and unsaved when the agent has none yet)', schema: agentProfileSchema },
    handle: async ({ agent, now }, deps) => json(200, agentView((await peopleOf(deps).directory.agent(agent.sub)) ?? newProfile(agent.sub, now.toISOString()))),
  }),
  route({
    method: 'PUT',
    path: '/agents/me/presence',
    summary: 'Set your presence: available gives you waiting tickets of your teams; away gives your open urgent tickets to your team',
    access: 'agent',
    body: presenceBody,
    responds: { status: 200, description: 'the profile and the tickets that moved', schema: presenceResultSchema },
    handle: async ({ agent, body, now }, deps) => {
      const people = peopleOf(deps);
      const current = (await people.directory.agent(agent.sub)) ?? newProfile(agent.sub, now.toISOString());
      await people.directory.putAgent({ ...current, presence: body.presence, updatedAt: now.toISOString() });
      // Run on every call, not only on a change: a call repeated after a failure finishes the work.
      const assigned = body.presence === 'available' ? await assignWaiting(people, agent.sub) : [];
      const reassigned = body.presence === 'away' ? await reassignUrgent(people, agent.sub) : [];
      const profile = (await people.directory.agent(agent.sub)) ?? current;
      return json(200, {
        agent: agentView(profile),
        assigned: assigned.map((t) => t.id),
        reassigned: reassigned.flatMap((o) => (o.status === 'skipped' ? [] : [{ ticketId: o.ticket.id, to: o.status === 'assigned' ? o.agentId : null }])),
      });
    },
  }),
  route({
    method: 'GET',
    path: '/agents',
    summary: "Every agent's profile",
    access: 'admin',
    responds: { status: 200, description: 'the profiles', schema: agentListSchema },
    handle: async (_ctx, deps) => {
      const agents = await peopleOf(deps).directory.agents();
      return json(200, { items: agents.sort((a, b) => a.agentId.localeCompare(b.agentId)).map(agentView) });
    },
  }),
  route({
    method: 'PUT',
    path: '/agents/{agentId}',
    summary: "Set an agent's name, e-mail and capacity (their presence is theirs to set)",
    access: 'admin',
    params: agentIdParam,
    body: agentBody,
    responds: { status: 200, description: 'the profile', schema: agentProfileSchema },
    handle: async ({ params, body, now }, deps) => {
      const { directory } = peopleOf(deps);
      const current = (await directory.agent(params.agentId)) ?? newProfile(params.agentId, now.toISOString());
      const next: AgentProfile = {
        ...current,
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.email !== undefined ? { email: body.email } : {}),
        capacity: body.capacity === undefined ? current.capacity : (body.capacity ?? undefined),
        updatedAt: now.toISOString(),
      };
      await directory.putAgent(next);
      return json(200, agentView((await directory.agent(params.agentId)) ?? next));
    },
  }),
  route({
    method: 'GET',
    path: '/teams',
    summary: 'Every team',
    access: 'admin',
    responds: { status: 200, description: 'the teams', schema: teamListSchema },
    handle: async (_ctx, deps) => {
      const teams = await peopleOf(deps).directory.teams();
      return json(200, { items: teams.sort((a, b) => a.id.localeCompare(b.id)).map(teamView) });
    },
  }),
  route({
    method: 'POST',
    path: '/teams',
    summary: 'Create a team: members, lead, calendar, assignment method',
    access: 'admin',
    body: newTeamBody,
    responds: { status: 201, description: 'the team', schema: teamSchema },
    handle: async ({ body, now }, deps) => {
      const { directory } = peopleOf(deps);
      if (await directory.team(body.id)) throw new ConflictError(`team ${body.id} exists: change it with PUT /teams/${body.id}`);
      const at = now.toISOString();
      const team = teamOf(body.id, body, at, at);
      await ensureProfiles(deps, team.members, at);
      await directory.putTeam(team);
      return json(201, teamView(team));
    },
  }),
  route({
    method: 'GET',
    path: '/teams/{id}',
    summary: 'A team',
    access: 'admin',
    params: teamIdParam,
    responds: { status: 200, description: 'the team', schema: teamSchema },
    handle: async ({ params }, deps) => json(200, teamView(await requireTeam(deps, params.id))),
  }),
  route({
    method: 'PUT',
    path: '/teams/{id}',
    summary: 'Replace a team (round-robin starts again from the first member)',
    access: 'admin',
    params: teamIdParam,
    body: teamBody,
    responds: { status: 200, description: 'the team', schema: teamSchema },
    handle: async ({ params, body, now }, deps) => {
      const current = await requireTeam(deps, params.id);
      const at = now.toISOString();
      const team = teamOf(params.id, body, current.createdAt, at);
      await ensureProfiles(deps, team.members, at);
      await peopleOf(deps).directory.putTeam(team);
      return json(200, teamView(team));
    },
  }),
  route({
    method: 'DELETE',
    path: '/teams/{id}',
    summary: "Delete a team (its tickets keep the team's name and are no longer assigned automatically)",
    access: 'admin',
    params: teamIdParam,
    responds: { status: 204, description: 'deleted' },
    handle: async ({ params }, deps) => {
      if (!(await peopleOf(deps).directory.deleteTeam(params.id))) throw new NotFoundError(`team ${params.id} does not exist`);
      return { statusCode: 204, headers: {}, body: '' };
    },
  }),
];

function teamOf(id: string, body: Omit<Team, 'id' | 'createdAt' | 'updatedAt'>, createdAt: string, updatedAt: string): Team {
  return {
    id,
    name: body.name,
    members: [...body.members],
    ...(body.lead ? { lead: body.lead } : {}),
    ...(body.calendar ? { calendar: body.calendar } : {}),
    assignment: body.assignment,
    createdAt,
    updatedAt,
  };
}

export async function requireTeam(deps: AgentApiDeps, id: string): Promise<Team> {
  const team = await peopleOf(deps).directory.team(id);
  if (!team) throw new NotFoundError(`team ${id} does not exist`);
  return team;
}
