import { describe, expect, it } from 'vitest';
import type { Interaction, Ticket } from '#core/model';
import { indexTickets, type TicketSearchDocument, type TicketSearchSource } from '#core/search';
import { queryTerms } from '#core/search-terms';

const ticket = (id: string, subject: string): Ticket =>
  ({ id, number: Number(id), status: 'open', channel: 'chat', subject, createdAt: '2026-12-01T10:00:00.000Z' }) as unknown as Ticket;

function fakes(tickets: Record<string, Ticket>, messages: Record<string, Partial<Interaction>[]>, failing = new Set<string>()) {
  const replaced: TicketSearchDocument[] = [];
  const removed: string[] = [];
  const source: TicketSearchSource = {
    ticket: async (id) => {
      if (failing.has(id)) throw new Error('throttled');
      return tickets[id];
    },
    customerMessages: async (id) => (messages[id] ?? []) as Interaction[],
  };
  const index = { replace: async (d: TicketSearchDocument) => void replaced.push(d), remove: async (id: string) => void removed.push(id) };
  return { deps: { source, index }, replaced, removed };
}

describe('indexing changed tickets', () => {
  it("indexes each changed ticket once from what it is now, with its customer's messages only", async () => {
    const { deps, replaced } = fakes(
      { '1': ticket('1', 'İade') },
      {
        '1': [
          { direction: 'in', kind: 'message', text: 'kargom gelmedi' },
          { direction: 'out', kind: 'agent_reply', text: 'özür dileriz' },
          { direction: 'internal', kind: 'note', text: 'müşteri sinirli' },
        ],
      },
    );
    expect(await indexTickets(['1', '1', '1'], deps)).toEqual([]);
    expect(replaced).toHaveLength(1);
    const terms = [...replaced[0]!.terms.keys()];
    for (const t of queryTerms('iade kargo gelmedi')) expect(terms).toContain(t);
    for (const t of queryTerms('özür sinirli')) expect(terms).not.toContain(t);
  });

  it('removes a ticket that no longer exists from the index', async () => {
    const { deps, removed } = fakes({}, {});
    await indexTickets(['9'], deps);
    expect(removed).toEqual(['9']);
  });

  it('reports the tickets it could not index (to be retried) and indexes the others', async () => {
    const { deps, replaced } = fakes({ '1': ticket('1', 'a'), '2': ticket('2', 'b') }, {}, new Set(['2']));
    const failed = await indexTickets(['1', '2'], deps);
    expect(failed.map((f) => [f.ticketId, (f.error as Error).message])).toEqual([['2', 'throttled']]);
    expect(replaced.map((d) => d.ticketId)).toEqual(['1']);
  });
});
