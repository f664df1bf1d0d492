import { describe, expect, it } from 'vitest';
import { changesSearchTerms } from '#adapters/search-keys';

const record = (sk: string, image?: Record<string, string>, which: 'NewImage' | 'OldImage' = 'NewImage') => ({
  dynamodb: {
    Keys: { pk: { S: 'TICKET#100001' }, sk: { S: sk } },
    ...(image ? { [which]: Object.fromEntries(Object.entries(image).map(([k, v]) => [k, { S: v }])) } : {}),
  },
});

describe('which changes re-index a ticket for search', () => {
  it("the ticket item and a customer's message do (new, or erased: the old image when it is gone)", () => {
    expect(changesSearchTerms(record('TICKET', { status: 'open' }))).toBe(true);
    expect(changesSearchTerms(record('INTERACTION#2026-12-07T10:00:00Z#000001.abc', { direction: 'in', kind: 'message' }))).toBe(true);
    expect(changesSearchTerms(record('INTERACTION#2026-12-07T10:00:00Z#000001.abc', { direction: 'in', kind: 'message' }, 'OldImage'))).toBe(true);
  });

  it('a reply, its delivery update, a note and an event do not', () => {
    expect(changesSearchTerms(record('INTERACTION#2026-12-07T10:00:01Z#000001.abc.a', { direction: 'out', kind: 'message' }))).toBe(false);
    expect(changesSearchTerms(record('INTERACTION#2026-12-07T10:05:00Z#n1', { direction: 'internal', kind: 'note' }))).toBe(false);
    expect(changesSearchTerms(record('INTERACTION#2026-12-07T10:05:00Z#e1', { direction: 'internal', kind: 'event' }))).toBe(false);
  });

  it('without an image (a stream of keys only) every change does', () => {
    expect(changesSearchTerms(record('INTERACTION#2026-12-07T10:00:01Z#000001.abc.a'))).toBe(true);
  });
});
