import { describe, expect, it } from 'vitest';
import {
  defaultRateLimits,
  formatRateLimits,
  parseRateLimits,
  scaledRateLimits,
} from '../src/rate-limits.js';

describe('the rate limit table', () => {
  it('reads and writes overrides as name=points/seconds', () => {
    const table = {
      holdPerUser: { points: 5, durationSeconds: 10 },
      signUpPerAddress: { points: 3, durationSeconds: 60 },
    };
    expect(formatRateLimits(table)).toBe('holdPerUser=5/10,signUpPerAddress=3/60');
    expect(parseRateLimits(' holdPerUser=5/10 , signUpPerAddress=3/60 ')).toEqual(table);
    expect(parseRateLimits('')).toEqual({});
    expect(parseRateLimits(formatRateLimits(scaledRateLimits(1000)))).toEqual(scaledRateLimits(1000));
  });

  it('refuses what it cannot read, naming it', () => {
    expect(() => parseRateLimits('holdPerUser=5')).toThrow('"holdPerUser=5" is not name=points/seconds');
    expect(() => parseRateLimits('holdPerUser=0/10')).toThrow(/1 or more/);
    expect(() => parseRateLimits('constructor=1/1')).toThrow(/"constructor" is not a limit/);
  });

  it('scales points only', () => {
    expect(scaledRateLimits(10).holdPerUser).toEqual({
      points: defaultRateLimits.holdPerUser.points * 10,
      durationSeconds: defaultRateLimits.holdPerUser.durationSeconds,
    });
  });
});
