import { describe, expect, it } from 'vitest';
import { fillRandom } from '../../src/infra/random-pool.js';

describe('fillRandom', () => {
  it('never hands out the same bytes twice, across refills of the pool', () => {
    const seen = new Set<string>();
    // 1,000 × 16 bytes runs through the 4 KiB pool several times, and some draws straddle a refill.
    for (let i = 0; i < 1000; i++) {
      const target = Buffer.alloc(16 + (i % 7));
      fillRandom(target, i % 7, 16);
      expect(target.subarray(0, i % 7).every((b) => b === 0)).toBe(true);
      seen.add(target.subarray(i % 7).toString('hex'));
    }
    expect(seen.size).toBe(1000);
  });

  it('spreads its bytes over every value', () => {
    const counts = new Array<number>(256).fill(0);
    const target = Buffer.alloc(64);
    for (let i = 0; i < 1000; i++) {
      fillRandom(target, 0, 64);
      for (const b of target) counts[b]! += 1;
    }
    // 64,000 bytes: 250 per value on average; a CSPRNG stays far inside these bounds.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(350);
  });
});
