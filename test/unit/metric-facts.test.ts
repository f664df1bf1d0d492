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

/** A ticket item as written before the intent had an attribute of its own: the intent in gsi6pk, the channel view's key in gsi5pk. */
function writtenWithIntentKey(item: Record<string, unknown>, t: Ticket): Record<string, unknown> {
  const { intent: _i, ...rest } = item;
  return {
    ...rest,
    gsi5pk: `CHANNEL#${t.channel}#${t.status}#3`,
    ...(t.classification ? { gsi6pk: `INTENT#${t.classification.intent}#${t.status}#3` } : {}),
  };
}

describe("the ticket item's intent", () => {
  it('is a small attribute of its own, held by the views and byCreated, with no index keyed on channel or intent', () => {
    const item = ticketItem({ ...base, ...classified });
    expect(item.intent).toBe('track_order');
    expect(item).not.toHaveProperty('gsi5pk');
    expect(item).not.toHaveProperty('gsi6pk');
    expect(ticketItem(base)).not.toHaveProperty('intent');
    for (const name of ['byStatus', 'byQueue', 'byAssignee', 'byCreated'])
      expect(tableSchema.indexes.find((i) => i.name === name)?.include).toContain('intent');
    expect(tableSchema.indexes.map((i) => i.name)).not.toEqual(expect.arrayContaining(['byChannel']));
    expect(tableSchema.indexes.map((i) => i.name)).not.toEqual(expect.arrayContaining(['byIntent']));
  });

  it('reads the intent of a ticket written with the former index keys from gsi6pk, and gives back the ticket without them', () => {
    for (const t of lives) {
      const old = writtenWithIntentKey(ticketItem(t), t);
      expect(factsFromIndexEntry(byCreatedEntry(old)), t.status).toEqual(ticketFacts(t));
      expect(fromItem<Ticket>(old)).toEqual(t);
    }
  });

  it('leaves the intent on items that are not tickets (an answer override is kept under its intent)', () => {
    const answer = { pk: 'ANSWER#track_order', sk: 'tr', type: 'answer', intent: 'track_order', locale: 'tr', text: 'Kargoda', enabled: true };
    expect(fromItem<{ intent: string }>(answer).intent).toBe('track_order');
  });

  it('keeps a follow-up that leaves the intent, priority and due time alone out of byQueue and byCreated', () => {
    const opened = { ...base, ...classified };
    const followedUp = { ...opened, interactionCount: 2, lastInboundAt: at(10), updatedAt: at(10), version: 2 };
    const entry = (name: string, item: Record<string, unknown>) => {
      const index = tableSchema.indexes.find((i) => i.name === name)!;
      const kept = new Set<string>(['pk', 'sk', index.partitionKey, index.sortKey, ...(index.include ?? [])]);
      return Object.fromEntries(Object.entries(item).filter(([k]) => kept.has(k)));
    };
    for (const name of ['byQueue', 'byCreated']) expect(entry(name, ticketItem(followedUp)), name).toEqual(entry(name, ticketItem(opened)));
    // byStatus is sorted by the last update: its entry moves (a delete and a put), the one index a follow-up writes.
    expect(entry('byStatus', ticketItem(followedUp))).not.toEqual(entry('byStatus', ticketItem(opened)));
  });
});
