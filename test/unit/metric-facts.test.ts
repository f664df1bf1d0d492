import { describe, expect, it } from 'vitest';
import { factsFromIndexEntry, fromItem, ticketItem } from '#adapters/table-keys';
import { computeMetrics, ticketFacts } from '#agent/metrics';
import type { Ticket } from '#core/model';
import { tableSchema } from '#definitions/table';

const base: Ticket = {
  id: '10042',
  number: 10042,
  status: 'open',
  priority: 'normal',
  channel: 'whatsapp',
  customerId: 'c_1',
  conversationKey: 'wa-1',
  locale: 'tr',
  createdAt: '2026-11-02T10:00:00.000Z',
  updatedAt: '2026-11-02T10:00:00.000Z',
  lastInboundAt: '2026-11-02T10:00:00.000Z',
  firstResponseDueAt: '2026-11-03T10:00:00.000Z',
  interactionCount: 1,
  version: 1,
};

const at = (m: number) => new Date(Date.parse(base.createdAt) + m * 60_000).toISOString();
const classified = { classification: { lang: 'tr', intent: 'track_order', confidence: 0.9, engine: 'builtin', entities: [], top: [] } } as const;

/** Tickets along their life: opened, answered, followed up, resolved, rated, reopened, breached. */
const lives: Ticket[] = [
  base,
  { ...base, ...classified, interactionCount: 3, agentReplies: 2, firstResponseAt: at(5), firstResponder: 'human' },
  { ...base, ...classified, status: 'resolved', firstResponseAt: at(1), firstResponder: 'bot', firstResolvedAt: at(1), resolvedAt: at(1) },
  {
    ...base,
    status: 'closed',
    interactionCount: 2,
    agentReplies: 1,
    reopenCount: 1,
    firstResponseAt: at(30),
    firstResponder: 'human',
    firstResolvedAt: at(60),
    resolvedAt: at(90),
    slaBreachedAt: at(20),
    csat: { score: 4, comment: 'Teşekkürler, çok hızlıydınız', at: at(100) },
  },
  { ...base, ...classified, status: 'open', interactionCount: 2, reopenCount: 1, firstResponseAt: at(2), firstResponder: 'bot', firstResolvedAt: at(3) },
];

/** What the byCreated index holds of a ticket item: its keys, the table's keys and the included attributes. */
function byCreatedEntry(item: Record<string, unknown>): Record<string, unknown> {
  const index = tableSchema.indexes.find((i) => i.name === 'byCreated')!;
  const kept = new Set<string>(['pk', 'sk', index.partitionKey, index.sortKey, ...(index.include ?? [])]);
  return Object.fromEntries(Object.entries(item).filter(([k]) => kept.has(k)));
}

describe('the metrics read from the byCreated index alone', () => {
  it('finds in the index entry every fact the whole ticket gives, at every stage of its life', () => {
    for (const t of lives) expect(factsFromIndexEntry(byCreatedEntry(ticketItem(t))), t.status).toEqual(ticketFacts(t));
  });

  it('computes the same numbers from index entries as from whole tickets', () => {
    const fromIndex = lives.map((t) => factsFromIndexEntry(byCreatedEntry(ticketItem(t)))!);
    expect(computeMetrics(fromIndex)).toEqual(computeMetrics(lives.map(ticketFacts)));
    expect(computeMetrics(fromIndex)).toMatchObject({ tickets: 5, firstContactResolutionRate: 0.3333, botDeflectionRate: 0.2, csat: { responses: 1 } });
  });

  it('asks for the whole item of a resolved ticket written before the index held its facts, and not of an unresolved one', () => {
    const { singleContact: _s, agentReplied: _a, csatScore: _c, ...before } = byCreatedEntry(ticketItem(lives[3]!));
    expect(factsFromIndexEntry(before)).toBeUndefined();
    const { singleContact: _u, ...unresolved } = byCreatedEntry(ticketItem(lives[1]!));
    expect(factsFromIndexEntry(unresolved)).toEqual(ticketFacts(lives[1]!));
  });

  it('keeps a follow-up message and an agent reply on an unresolved ticket out of the index entry', () => {
    const opened = { ...base, ...classified };
    const followedUp = { ...opened, interactionCount: 2, agentReplies: 1, updatedAt: at(10), version: 2 };
    expect(byCreatedEntry(ticketItem(followedUp))).toEqual(byCreatedEntry(ticketItem(opened)));
  });

  it('gives back the ticket without the derived facts', () => {
    for (const t of lives) expect(fromItem<Ticket>(ticketItem(t))).toEqual(t);
  });
});
