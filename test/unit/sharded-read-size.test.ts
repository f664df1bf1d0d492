import { describe, expect, it } from 'vitest';
import { FILTERED_READ, readSize } from '#adapters/sharded-query';

describe("how much a sharded view's Query reads per shard", () => {
  it('reads about twice its share of the page when nothing is filtered', () => {
    expect(readSize(25, 8)).toBe(9);
    expect(readSize(100, 8)).toBe(27);
  });

  it('reads at least FILTERED_READ entries when a filter drops an unknown share, never more than the page needs', () => {
    expect(readSize(25, 8, true)).toBe(FILTERED_READ);
    expect(readSize(100, 8, true)).toBe(27);
    expect(readSize(3, 8, true)).toBe(3);
    expect(readSize(0, 8, true)).toBe(1);
  });
});
