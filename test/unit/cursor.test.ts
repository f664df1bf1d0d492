import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeHistoryCursor, encodeCursor, type CursorScope } from '#adapters/cursor';
import { ValidationError } from '#core/errors';

const openTickets: CursorScope = { list: 'byStatus:STATUS#open', index: 'byStatus', partition: 'STATUS#open' };
const timeline: CursorScope = { list: 'timeline:10001', partition: 'TICKET#10001', sortPrefix: 'INTERACTION#' };
const forge = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');

describe('the pagination cursor codec', () => {
  it('round-trips the key of the list it pages', () => {
    const key = { pk: 'TICKET#1', sk: 'TICKET', gsi1pk: 'STATUS#open', gsi1sk: '2026-01-01T00:00:00.000Z#1' };
    expect(decodeCursor(openTickets, encodeCursor(openTickets, key)!)).toEqual(key);
    expect(encodeCursor(openTickets, undefined)).toBeNull();
    expect(decodeCursor(openTickets, undefined)).toBeUndefined();
  });

  it('refuses garbled input and a cursor of another list', () => {
    expect(() => decodeCursor(openTickets, '%%%')).toThrow(ValidationError);
    expect(() => decodeCursor(openTickets, 'bm90IGpzb24')).toThrow(ValidationError);
    const key = { pk: 'TICKET#1', sk: 'TICKET', gsi1pk: 'STATUS#open', gsi1sk: 'x' };
    expect(() => decodeCursor({ ...openTickets, list: 'byStatus:STATUS#closed' }, encodeCursor(openTickets, key)!)).toThrow(ValidationError);
  });

  it('refuses the right list tag with a wrong key: missing, extra or non-string attributes', () => {
    const tag = openTickets.list;
    for (const k of [
      { pk: 'TICKET#1', sk: 'TICKET' },
      { pk: 'TICKET#1', sk: 'TICKET', gsi1pk: 'STATUS#open', gsi1sk: 'x', evil: 'y' },
      { pk: 'TICKET#1', sk: 'TICKET', gsi1pk: 'STATUS#open', gsi1sk: 7 },
      { pk: 'TICKET#1', sk: 'TICKET', gsi1pk: 'STATUS#open', gsi1sk: '' },
      { pk: 'TICKET#1', sk: 'TICKET', gsi2pk: 'STATUS#open', gsi2sk: 'x' },
      [],
      'TICKET#1',
    ]) {
      expect(() => decodeCursor(openTickets, forge({ i: tag, k }))).toThrow(ValidationError);
    }
    expect(() => decodeCursor(openTickets, forge({ i: tag }))).toThrow(ValidationError);
    expect(() => decodeCursor(openTickets, forge({ i: tag, k: { pk: 'a', sk: 'b', gsi1pk: 'STATUS#open', gsi1sk: 'c' }, more: 1 }))).toThrow(ValidationError);
  });

  it("refuses a key outside the Query: another partition, or a sort key outside the Query's range", () => {
    expect(() => decodeCursor(openTickets, forge({ i: openTickets.list, k: { pk: 'a', sk: 'b', gsi1pk: 'STATUS#closed', gsi1sk: 'c' } }))).toThrow(
      ValidationError,
    );
    expect(() => decodeCursor(timeline, forge({ i: timeline.list, k: { pk: 'TICKET#10002', sk: 'INTERACTION#x' } }))).toThrow(ValidationError);
    expect(() => decodeCursor(timeline, forge({ i: timeline.list, k: { pk: 'TICKET#10001', sk: 'TICKET' } }))).toThrow(ValidationError);
    expect(decodeCursor(timeline, forge({ i: timeline.list, k: { pk: 'TICKET#10001', sk: 'INTERACTION#x' } }))).toEqual({
      pk: 'TICKET#10001',
      sk: 'INTERACTION#x',
    });
  });

  it("the chat history's cursor is a message id of the history, nothing else", () => {
    expect(decodeHistoryCursor('2026-03-06T10:00:00.000Z#000001.abc')).toBe('INTERACTION#2026-03-06T10:00:00.000Z#000001.abc');
    // An id pushed to a widget by the version whose ids carried the sort-key prefix.
    expect(decodeHistoryCursor('INTERACTION#2026-03-06T10:00:00.000Z#000001.abc')).toBe('INTERACTION#2026-03-06T10:00:00.000Z#000001.abc');
    const bad = ['TICKET#2026-03-06T10:00:00.000Z#1', 'INTERACTION#\uffff', 'INTERACTION#2026#x', 'INTERACTION#INTERACTION#2026-03-06T10:00:00.000Z#1', ''];
    for (const after of bad) {
      expect(() => decodeHistoryCursor(after)).toThrow(ValidationError);
    }
  });
});
