/** What the CLI says before a waiting room opens. */
import { describe, expect, it } from 'vitest';
import { beforeOpeningLines } from '../src/wait-wording.js';

describe('before the opening', () => {
  it('counts down to the opening and explains the draw when the sale opens later', () => {
    const now = Date.UTC(2030, 0, 1, 10, 0, 0);
    const lines = beforeOpeningLines(new Date(now + 65_000), new Date(now + 3600_000), now);
    expect(lines[0]).toMatch(/^The waiting room opens in 1 min 05 s \(/);
    expect(beforeOpeningLines(new Date(now + 3600_000), new Date(now + 3600_000), now)[0]).toMatch(
      /^The waiting room opens in 1 h 00 min \(/,
    );
    expect(beforeOpeningLines(new Date(now + 9_000), new Date(now + 9_000), now)[0]).toMatch(
      /^The waiting room opens in 9 s \(/,
    );
    expect(lines[1]).toMatch(/random draw when it opens/);
    expect(beforeOpeningLines(new Date(now + 5000), new Date(now + 5000), now)).toHaveLength(1);
  });
});
