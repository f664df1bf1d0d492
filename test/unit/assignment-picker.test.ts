import { describe, expect, it } from 'vitest';
import { candidateOrder, oldestUrgentFirst, wantsAgent } from '#core/assignment';
import type { Ticket } from '#core/model';
import type { AgentProfile, Team } from '#core/teams';

const at = '2026-12-07T10:00:00.000Z';
const team = (assignment: Team['assignment'], members = ['a', 'b', 'c']): Team => ({
  id: 'kargo',
  name: 'Kargo',
  members,
  assignment,
  createdAt: at,
  updatedAt: at,
});
const agent = (agentId: string, presence: AgentProfile['presence'] = 'available', openTickets: string[] = []): AgentProfile => ({
  agentId,
  presence,
  openTickets,
  updatedAt: at,
});
const ids = (ps: AgentProfile[]) => ps.map((p) => p.agentId);

describe('the order a team tries its members in', () => {
  it('round-robin starts after the member assigned last and wraps around', () => {
    const profiles = [agent('a'), agent('b'), agent('c')];
    expect(ids(candidateOrder(team('round-robin'), profiles, 't1'))).toEqual(['a', 'b', 'c']);
    expect(ids(candidateOrder(team('round-robin'), profiles, 't1', 'a'))).toEqual(['b', 'c', 'a']);
    expect(ids(candidateOrder(team('round-robin'), profiles, 't1', 'c'))).toEqual(['a', 'b', 'c']);
    // The member assigned last left the team: start from the first.
    expect(ids(candidateOrder(team('round-robin'), profiles, 't1', 'gone'))).toEqual(['a', 'b', 'c']);
  });

  it('never offers a member who is away or has no profile', () => {
    const profiles = [agent('a', 'away'), agent('c')];
    expect(ids(candidateOrder(team('round-robin'), profiles, 't1'))).toEqual(['c']);
    expect(ids(candidateOrder(team('least-open'), profiles, 't1'))).toEqual(['c']);
  });

  it('least-open offers the member holding the fewest open tickets first, members order breaking ties', () => {
    const profiles = [agent('a', 'available', ['1', '2']), agent('b', 'available', ['3', '4', '5']), agent('c', 'available', ['6', '7'])];
    expect(ids(candidateOrder(team('least-open'), profiles, 't1'))).toEqual(['a', 'c', 'b']);
  });

  it('a member who already holds the ticket comes first, so a run that claimed and stopped is resumed', () => {
    const profiles = [agent('a'), agent('b', 'available', ['t1']), agent('c')];
    expect(ids(candidateOrder(team('round-robin'), profiles, 't1', 'b'))).toEqual(['b', 'c', 'a']);
    expect(ids(candidateOrder(team('least-open'), profiles, 't1'))).toEqual(['b', 'a', 'c']);
  });
});

const ticket = (fields: Partial<Ticket>): Ticket => ({ id: '1', priority: 'normal', status: 'open', createdAt: at, ...fields }) as Ticket;

describe('which tickets automatic assignment takes, and in what order', () => {
  it('takes open tickets people handle and nobody holds', () => {
    expect(wantsAgent(ticket({}))).toBe(true);
    expect(wantsAgent(ticket({ assignee: 'a' }))).toBe(false);
    expect(wantsAgent(ticket({ status: 'pending' }))).toBe(false);
    expect(wantsAgent(ticket({ status: 'resolved' }))).toBe(false);
    expect(wantsAgent(ticket({ handling: 'bot' }))).toBe(false);
  });

  it('hands out waiting tickets urgent first, then the oldest', () => {
    const waiting = [
      ticket({ id: 'new-normal', createdAt: '2026-12-07T10:00:00Z' }),
      ticket({ id: 'new-urgent', priority: 'urgent', createdAt: '2026-12-07T09:00:00Z' }),
      ticket({ id: 'old-normal', createdAt: '2026-12-06T10:00:00Z' }),
      ticket({ id: 'old-urgent', priority: 'urgent', createdAt: '2026-12-05T10:00:00Z' }),
      ticket({ id: 'high', priority: 'high', createdAt: '2026-12-07T11:00:00Z' }),
    ];
    expect(waiting.sort(oldestUrgentFirst).map((t) => t.id)).toEqual(['old-urgent', 'new-urgent', 'high', 'old-normal', 'new-normal']);
  });
});
