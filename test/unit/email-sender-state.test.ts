import { describe, expect, it } from 'vitest';
import { countMail, emptySender, MAX_SUBJECTS, subjectSlot, withSubject } from '#adapters/email-sender-state';
import { jsonBytes } from '#core/bounds';

const now = new Date('2026-12-07T10:20:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);

describe("an address's sender item", () => {
  it('counts each mail of the hour once, stops keeping them past the cap, and starts afresh the next hour', () => {
    let s = emptySender(now);
    const counts: number[] = [];
    for (const m of ['a', 'b', 'a', 'c', 'd', 'e']) {
      const c = countMail(s, m, 3, now);
      counts.push(c.count);
      s = c.state;
    }
    expect(counts).toEqual([1, 2, 2, 3, 4, 4]);
    expect(s.members).toEqual(['a', 'b', 'c']);
    expect(countMail(s, 'f', 3, hours(1)).count).toBe(1);
  });

  it('keeps the latest subjects within the window only, so the item stays within one write unit', () => {
    let s = emptySender(now);
    const windowStart = hours(-72);
    s = withSubject(s, subjectSlot('old'), { c: 'mail-old', at: Math.floor(hours(-80).getTime() / 1000) }, windowStart, now);
    expect(s.subjects).toEqual({});
    for (let i = 0; i < MAX_SUBJECTS + 3; i++) {
      s = withSubject(s, subjectSlot(`subject ${i}`), { c: `mail-${'0'.repeat(20)}${i}`, at: Math.floor(hours(-i).getTime() / 1000) }, windowStart, now);
    }
    expect(Object.keys(s.subjects)).toHaveLength(MAX_SUBJECTS);
    expect(Object.values(s.subjects).map((e) => e.c)).toContain(`mail-${'0'.repeat(20)}0`);
    s = countMail(s, 'x'.repeat(24), 6, now).state;
    for (const m of ['a', 'b', 'c', 'd', 'e']) s = countMail(s, m.repeat(24), 6, now).state;
    const item = { pk: `EMAILFROM#${'a'.repeat(64)}@${'b'.repeat(60)}.example`, sk: 'EMAILFROM', type: 'email-sender', ...s, v: 12345 };
    expect(jsonBytes(item)).toBeLessThan(1024);
  });
});
