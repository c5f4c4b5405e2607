import { describe, expect, it } from 'vitest';
import { defaultLayout, layoutRanges } from '../../../src/modules/concert/seat-layout.js';

describe('seat layouts', () => {
  it('splits 50 seats into VIP 10, R 20, S 20, numbered 1..50 in order', () => {
    const ranges = layoutRanges(defaultLayout(50));
    expect(ranges.map((r) => [r.grade, r.first, r.last])).toEqual([
      ['VIP', 1, 10],
      ['R', 11, 30],
      ['S', 31, 50],
    ]);
  });

  it('always has at least one seat per layout and sums to the total', () => {
    for (const n of [1, 2, 3, 7, 5000]) {
      const layout = defaultLayout(n);
      expect(layout.reduce((sum, g) => sum + g.count, 0)).toBe(n);
    }
  });
});
