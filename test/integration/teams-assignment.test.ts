import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '#adapters/aws/dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { DynamoStore } from '#adapters/dynamo-store';
import { dynamoTeamStore } from '#adapters/team-directory';
import { dynamoTeamTickets } from '#adapters/team-tickets';
import { keys } from '#adapters/table-keys';
import { assignInTeam, assignWaiting, reassignUrgent, type AssignmentDeps } from '#core/assignment';
import type { InboundMessage, OutboundMessage } from '#core/messages';
import type { Ticket } from '#core/model';
import { processInbound, type PipelineDeps } from '#core/pipeline';
import type { Team } from '#core/teams';
import { ensureTable } from '#local/dynamodb';
import { stack, unique } from './helpers';

const settings = { defaultLocale: 'tr', locales: ['tr', 'en'], firstResponseHours: 24 };
const at = '2026-12-07T10:00:00.000Z';
let db: ReturnType<typeof createDocumentClient>;
let tableName: string;
let teams: ReturnType<typeof dynamoTeamStore>;
let tickets: ReturnType<typeof dynamoTeamTickets>;

/** Replies go nowhere: these tests look at assignment, not delivery. */
const outbound = { send: async (_: OutboundMessage) => {}, sendAll: async (_: readonly OutboundMessage[]) => {} };

/** Real DynamoDB Local, a table of this file's own. */
beforeAll(async () => {
  const { info } = stack();
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  tableName = unique('teams-assign');
  await ensureTable(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb, credentials }), tableName);
  db = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials });
  teams = dynamoTeamStore(db, tableName);
  tickets = dynamoTeamTickets(db, tableName);
});

const assignment = (defaultTeam?: string): AssignmentDeps => ({
  directory: teams,
  load: teams,
  rotation: teams,
  tickets,
  ...(defaultTeam ? { defaultTeam } : {}),
});
const pipeline = (defaultTeam?: string): PipelineDeps => ({
  store: new DynamoStore(db, { tableName, ticketNumberStart: 70001 }),
  outbound,
  settings,
  assignment: assignment(defaultTeam),
});

const message = (conversation: string, id: string = randomUUID()): InboundMessage => ({
  channel: 'chat',
  channelMessageId: `${conversation}/${id}`,
  from: { address: conversation },
  conversationKey: conversation,
  text: 'Siparişim hâlâ gelmedi, yardım eder misiniz?',
  attachments: [],
  receivedAt: new Date().toISOString(),
});

/** A team of fresh agents (ids unique to the test), each with a profile. */
async function teamOf(assignment: Team['assignment'], agents: { presence: 'available' | 'away'; capacity?: number }[]) {
  const id = unique('t').toLowerCase();
  const members = agents.map((_, i) => `${id}-a${i}`);
  await Promise.all(
    agents.map((a, i) => teams.putAgent({ agentId: members[i]!, presence: a.presence, ...(a.capacity ? { capacity: a.capacity } : {}), updatedAt: at })),
  );
  await teams.putTeam({ id, name: id, members, assignment, createdAt: at, updatedAt: at });
  return { id, members };
}

const ticket = async (id: string) => (await tickets.getTicket(id))!;
const held = async (agentId: string) => [...((await teams.agent(agentId))?.openTickets ?? [])];
async function events(ticketId: string, type: string) {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': keys.ticket(ticketId).pk, ':p': 'INTERACTION#' },
    }),
  );
  return (out.Items ?? [])
    .filter((i) => (i.event as { type?: string } | undefined)?.type === type)
    .map((i) => {
      const { from, to } = i.event as { from: unknown; to: unknown };
      return { from, to };
    });
}

/** A change as a person makes it: the version-guarded write the agent API makes. */
async function change(id: string, fields: Partial<Ticket>) {
  const t = await ticket(id);
  expect(await tickets.commitTicketChange({ ticket: { ...t, ...fields, version: t.version + 1 }, expectedVersion: t.version, interactions: [] })).toBe(
    'committed',
  );
}

describe('automatic assignment within a team', () => {
  it('round-robin gives new tickets to the available members in turn, never to one who is away', async () => {
    const { id, members } = await teamOf('round-robin', [{ presence: 'available' }, { presence: 'away' }, { presence: 'available' }]);
    const deps = pipeline(id);
    const assignees: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await processInbound(deps, message(unique('rr')));
      assignees.push((await ticket(r.ticketId)).assignee!);
    }
    expect(assignees).toEqual([members[0], members[2], members[0], members[2]]);
    expect(await held(members[1]!)).toEqual([]);
    const first = (await held(members[0]!))[0]!;
    expect((await ticket(first)).team).toBe(id);
    expect(await events(first, 'assignee')).toEqual([{ from: null, to: members[0] }]);
    expect(await events(first, 'team')).toEqual([{ from: null, to: id }]);
  });

  it('least-open gives the ticket to the member holding the fewest open tickets', async () => {
    const { id, members } = await teamOf('least-open', [{ presence: 'available' }, { presence: 'available' }]);
    const deps = pipeline(id);
    await teams.hold(members[0]!, 'busy-1');
    await teams.hold(members[0]!, 'busy-2');
    const r = await processInbound(deps, message(unique('lo')));
    expect((await ticket(r.ticketId)).assignee).toBe(members[1]);
  });

  it('with nobody available the ticket stays with the team, unassigned, and goes to the first member who becomes available, oldest urgent first, up to capacity', async () => {
    const { id, members } = await teamOf('round-robin', [{ presence: 'away', capacity: 2 }]);
    const deps = pipeline(id);
    const opened: string[] = [];
    for (let i = 0; i < 3; i++) opened.push((await processInbound(deps, message(unique('wait')))).ticketId);
    for (const t of opened) {
      expect((await ticket(t)).team).toBe(id);
      expect((await ticket(t)).assignee).toBeUndefined();
    }
    await change(opened[2]!, { priority: 'urgent' });
    await teams.putAgent({ agentId: members[0]!, presence: 'available', capacity: 2, updatedAt: at });
    const given = await assignWaiting(assignment(), members[0]!);
    // The urgent one first, then the oldest; the third waits (capacity 2).
    expect(given.map((t) => t.id)).toEqual([opened[2], opened[0]]);
    expect((await ticket(opened[1]!)).assignee).toBeUndefined();
    expect((await held(members[0]!)).sort()).toEqual([opened[0], opened[2]].sort());
  });

  it('two messages at once never take an agent past capacity, and each ticket is assigned once', async () => {
    const { id, members } = await teamOf('round-robin', [
      { presence: 'available', capacity: 1 },
      { presence: 'available', capacity: 1 },
    ]);
    const deps = pipeline(id);
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([0, 1, 2].map(() => processInbound(deps, message(unique('race')))));
      const assigned = await Promise.all(results.map(async (r) => (await ticket(r.ticketId)).assignee));
      // Two places, three tickets: two assigned to different agents, one waiting (later rounds: all wait).
      const given = assigned.filter((a): a is string => a !== undefined);
      expect(new Set(given).size).toBe(given.length);
      expect(given.length).toBe(round === 0 ? 2 : 0);
      for (const r of results) expect((await events(r.ticketId, 'assignee')).length).toBeLessThanOrEqual(1);
    }
    for (const m of members) expect(await held(m)).toHaveLength(1);
  });

  it('a replayed message, one after the other or at once, assigns its ticket once', async () => {
    const { id, members } = await teamOf('round-robin', [
      { presence: 'available', capacity: 5 },
      { presence: 'available', capacity: 5 },
    ]);
    const deps = pipeline(id);
    const msg = message(unique('replay'));
    const first = await processInbound(deps, msg);
    const again = await processInbound(deps, msg);
    expect(again.status).toBe('duplicate');
    const msg2 = message(unique('replay-race'));
    const copies = await Promise.all([0, 1, 2, 3].map(() => processInbound(deps, msg2)));
    for (const ticketId of [first.ticketId, copies[0]!.ticketId]) {
      expect((await events(ticketId, 'assignee')).length).toBe(1);
      expect((await ticket(ticketId)).assignee).toBeDefined();
    }
    const holding = (await Promise.all(members.map(held))).flat();
    expect(holding.sort()).toEqual([first.ticketId, copies[0]!.ticketId].sort());
  });

  it('a run that claimed an agent and stopped before writing the ticket is resumed by the replay, not doubled', async () => {
    const { id, members } = await teamOf('round-robin', [
      { presence: 'available', capacity: 1 },
      { presence: 'available', capacity: 1 },
    ]);
    // Opened with nobody assigning (the run that stopped), then the second member holds it as if claimed.
    const r = await processInbound(pipeline(), message(unique('resume')));
    await change(r.ticketId, { team: id });
    await teams.hold(members[1]!, r.ticketId);
    const outcome = await assignInTeam(assignment(), await ticket(r.ticketId));
    expect(outcome).toMatchObject({ status: 'assigned', agentId: members[1] });
    expect(await held(members[0]!)).toEqual([]);
  });

  it('a ticket resolved since it was claimed no longer counts against capacity', async () => {
    const { id, members } = await teamOf('round-robin', [{ presence: 'available', capacity: 1 }]);
    const deps = pipeline(id);
    const one = await processInbound(deps, message(unique('cap')));
    expect((await ticket(one.ticketId)).assignee).toBe(members[0]);
    // Resolved by a path that does not let go of the claim: the claim is checked at capacity.
    await change(one.ticketId, { status: 'resolved' });
    const two = await processInbound(deps, message(unique('cap')));
    expect((await ticket(two.ticketId)).assignee).toBe(members[0]);
    expect(await held(members[0]!)).toEqual([two.ticketId]);
  });

  it('when an agent goes away, their open urgent tickets go to an available member, or back to the team; each change an event', async () => {
    const { id, members } = await teamOf('round-robin', [{ presence: 'available' }, { presence: 'away' }]);
    const deps = pipeline(id);
    const urgent = (await processInbound(deps, message(unique('away')))).ticketId;
    const normal = (await processInbound(deps, message(unique('away')))).ticketId;
    await change(urgent, { priority: 'urgent' });
    expect((await ticket(normal)).assignee).toBe(members[0]);
    // The colleague is back: the urgent ticket goes to them.
    await teams.putAgent({ agentId: members[1]!, presence: 'available', updatedAt: at });
    await teams.putAgent({ agentId: members[0]!, presence: 'away', updatedAt: at });
    const outcomes = await reassignUrgent(assignment(), members[0]!);
    expect(outcomes.map((o) => o.status)).toEqual(['assigned']);
    expect((await ticket(urgent)).assignee).toBe(members[1]);
    expect((await ticket(normal)).assignee).toBe(members[0]);
    expect(await events(urgent, 'assignee')).toEqual(expect.arrayContaining([{ from: members[0], to: members[1] }]));
    expect(await held(members[0]!)).toEqual([normal]);
    // Now they go away too: nobody is left, and the ticket goes back to the team.
    await teams.putAgent({ agentId: members[1]!, presence: 'away', updatedAt: at });
    await reassignUrgent(assignment(), members[1]!);
    expect((await ticket(urgent)).team).toBe(id);
    expect((await ticket(urgent)).assignee).toBeUndefined();
    expect(await events(urgent, 'assignee')).toEqual(expect.arrayContaining([{ from: members[1], to: null }]));
    expect(await held(members[1]!)).toEqual([]);
    const waiting = await tickets.waitingInTeam(id, 10);
    expect(waiting.map((t) => t.id)).toContain(urgent);
  });
});
