import { describe, expect, it } from 'vitest';
import { agentListSchema, agentProfileSchema, presenceResultSchema, teamSchema } from '#agent/people-schemas';
import { ticketViewSchema } from '#agent/responses';
import { chatTicket } from './agent-helpers';
import { eventually, http, stack, unique } from './helpers';

/** agentOnlyToken's agent (not an admin); the stack's own token is an admin's. */
const AGENT = 'agent-1';
const teamId = () => unique('api').toLowerCase();
const timeline = async (id: string) => (await http('GET', `/tickets/${id}`)).json.timeline as { event?: { type: string; from: unknown; to: unknown } }[];

describe('teams through the admin routes', () => {
  it('creates, reads, replaces and deletes a team; members without a profile get one, away', async () => {
    const id = teamId();
    const newcomer = unique('newcomer');
    const created = await http('POST', '/teams', { body: { id, name: 'Kargo', members: [newcomer], lead: newcomer, assignment: 'least-open' } });
    expect(created.status).toBe(201);
    expect(teamSchema.parse(created.json)).toMatchObject({ id, members: [newcomer], lead: newcomer, assignment: 'least-open', calendar: null });
    expect((await http('POST', '/teams', { body: { id, name: 'again' } })).status).toBe(409);
    const agents = agentListSchema.parse((await http('GET', '/agents')).json);
    expect(agents.items.find((a) => a.agentId === newcomer)).toMatchObject({ presence: 'away', openTickets: 0, capacity: null });
    const replaced = await http('PUT', `/teams/${id}`, { body: { name: 'Kargo ekibi', members: [], calendar: 'istanbul' } });
    expect(replaced.json).toMatchObject({ name: 'Kargo ekibi', members: [], lead: null, calendar: 'istanbul', assignment: 'round-robin' });
    expect(replaced.json.createdAt).toBe(created.json.createdAt);
    expect((await http('GET', '/teams')).json.items.map((t: { id: string }) => t.id)).toContain(id);
    expect((await http('GET', `/teams/${id}`)).json.name).toBe('Kargo ekibi');
    expect((await http('DELETE', `/teams/${id}`)).status).toBe(204);
    expect((await http('DELETE', `/teams/${id}`)).status).toBe(404);
    expect((await http('GET', `/teams/${id}`)).status).toBe(404);
    expect((await http('PUT', `/teams/${id}`, { body: { name: 'x' } })).status).toBe(404);
  });

  it('refuses a bad team naming the field, and agents outside the admin group', async () => {
    const bad = await http('POST', '/teams', { body: { id: 'Kargo Ekibi', name: '', members: ['a', 'a'], lead: 'b', assignment: 'random' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['assignment', 'id', 'members', 'name']);
    const lead = await http('POST', '/teams', { body: { id: teamId(), name: 'x', members: ['a'], lead: 'b' } });
    expect(lead.json.error.details.map((d: { path: string }) => d.path)).toEqual(['lead']);
    const agent = stack().agentOnlyToken;
    for (const [method, path] of [
      ['GET', '/teams'],
      ['POST', '/teams'],
      ['GET', '/agents'],
      ['PUT', `/agents/${AGENT}`],
      ['DELETE', '/teams/x'],
    ] as const) {
      const r = await http(method, path, { token: agent, ...(method === 'POST' || method === 'PUT' ? { body: { id: 'x', name: 'x' } } : {}) });
      expect(r.status, `${method} ${path}`).toBe(403);
    }
  });

  it("an admin sets an agent's name, e-mail and capacity; the agent's presence stays theirs", async () => {
    const someone = unique('profile');
    const r = await http('PUT', `/agents/${someone}`, { body: { name: 'Ayşe', email: 'ayse@shop.test', capacity: 3 } });
    expect(agentProfileSchema.parse(r.json)).toMatchObject({ agentId: someone, name: 'Ayşe', email: 'ayse@shop.test', capacity: 3, presence: 'away' });
    const unlimited = await http('PUT', `/agents/${someone}`, { body: { capacity: null } });
    expect(unlimited.json).toMatchObject({ name: 'Ayşe', capacity: null });
    expect((await http('PUT', `/agents/${someone}`, { body: { capacity: 0, presence: 'available' } })).status).toBe(400);
  });
});

describe("an agent's presence and the team's tickets", () => {
  it('a ticket moved to a team is assigned to an available member; with nobody available it waits in the team queue until someone becomes available', async () => {
    const agent = stack().agentOnlyToken;
    const id = teamId();
    expect((await http('POST', '/teams', { body: { id, name: 'İade', members: [AGENT] } })).status).toBe(201);
    expect((await http('PUT', '/agents/me/presence', { token: agent, body: { presence: 'away' } })).status).toBe(200);

    const waiting = await chatTicket(unique('team-wait'));
    const moved = await http('PATCH', `/tickets/${waiting.id}`, { body: { team: id } });
    expect(ticketViewSchema.parse(moved.json)).toMatchObject({ team: id, assignee: null });
    expect((await timeline(waiting.id)).filter((i) => i.event?.type === 'team').map((i) => i.event)).toEqual([{ type: 'team', from: null, to: id }]);
    const queue = await eventually(async () => {
      const r = await http('GET', `/tickets?team=${id}`);
      return r.json.items.length ? r.json.items : undefined;
    });
    expect(queue.map((t: { id: string }) => t.id)).toEqual([waiting.id]);

    const back = await http('PUT', '/agents/me/presence', { token: agent, body: { presence: 'available' } });
    const result = presenceResultSchema.parse(back.json);
    expect(result.assigned).toContain(waiting.id);
    expect(result.agent).toMatchObject({ agentId: AGENT, presence: 'available' });
    expect((await http('GET', `/tickets/${waiting.id}`)).json.assignee).toBe(AGENT);
    expect(agentProfileSchema.parse((await http('GET', '/agents/me', { token: agent })).json).openTickets).toBeGreaterThanOrEqual(1);

    // Available now: the next ticket moved to the team is assigned at once.
    const next = await chatTicket(unique('team-next'));
    const assigned = await http('PATCH', `/tickets/${next.id}`, { body: { team: id } });
    expect(assigned.json).toMatchObject({ team: id, assignee: AGENT });

    // Resolving lets go of the ticket; going away gives the open urgent ones back to the team.
    await http('PATCH', `/tickets/${next.id}`, { body: { status: 'resolved' } });
    await http('PATCH', `/tickets/${waiting.id}`, { body: { priority: 'urgent' } });
    const away = await http('PUT', '/agents/me/presence', { token: agent, body: { presence: 'away' } });
    expect(away.json.reassigned).toEqual([{ ticketId: waiting.id, to: null }]);
    const after = (await http('GET', `/tickets/${waiting.id}`)).json;
    expect(after).toMatchObject({ team: id, assignee: null });
    expect(away.json.agent.openTickets).toBe(0);
  });

  it("tickets assigned by hand count among the agent's open tickets whatever the capacity, and resolving or reassigning lets go of them", async () => {
    const someone = unique('by-hand');
    await http('PUT', `/agents/${someone}`, { body: { capacity: 1 } });
    const held = async () =>
      ((await http('GET', '/agents')).json.items as { agentId: string; openTickets: number }[]).find((a) => a.agentId === someone)?.openTickets;
    const [one, two] = [await chatTicket(unique('hand')), await chatTicket(unique('hand'))];
    for (const t of [one, two]) expect((await http('PATCH', `/tickets/${t.id}`, { body: { assignee: someone } })).json.assignee).toBe(someone);
    expect(await held()).toBe(2);
    await http('PATCH', `/tickets/${one.id}`, { body: { status: 'resolved' } });
    expect(await held()).toBe(1);
    await http('PATCH', `/tickets/${two.id}`, { body: { assignee: 'someone-else' } });
    expect(await held()).toBe(0);
  });

  it('a ticket given an unknown team gets 400 naming the team; team with assignee in a list query gets 400', async () => {
    const t = await chatTicket(unique('team-unknown'));
    const r = await http('PATCH', `/tickets/${t.id}`, { body: { team: 'no-such-team' } });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/no-such-team/);
    expect((await http('GET', '/tickets?team=kargo&assignee=a')).status).toBe(400);
    expect((await http('PUT', '/agents/me/presence', { body: { presence: 'busy' } })).status).toBe(400);
  });
});
