/** The CLI's wording of the wait estimate (docs/domain.md, "Waiting room: the estimate"). */
import { describe, expect, it } from 'vitest';
import { aboutWait, beforeOpeningLines, estimatePhrase, updatedAgo } from '../src/wait-wording.js';

describe('wait wording', () => {
  it('says the estimate as a range in a unit that fits', () => {
    expect(aboutWait(0, 3)).toBe('any moment now');
    expect(aboutWait(20, 40)).toBe('about 20–40 s');
    expect(aboutWait(230, 370)).toBe('about 3–7 min');
    expect(aboutWait(240, 240)).toBe('about 4 min');
    expect(aboutWait(4000, 8000)).toBe('about 1–3 h');
  });

  it('says how old the estimate is, and counts the time since from both ends', () => {
    const at = new Date(100_000);
    expect(updatedAgo(at, 100_500)).toBe('updated just now');
    expect(updatedAgo(at, 103_000)).toBe('updated 3 s ago');
    const view = { etaSeconds: 300, etaLowSeconds: 240, etaHighSeconds: 360, estimatedAt: at };
    expect(estimatePhrase(view, 100_000)).toBe('about 4–6 min (updated just now)');
    expect(estimatePhrase(view, 160_000)).toBe('about 3–5 min (updated 60 s ago)');
    expect(estimatePhrase({ ...view, paused: true })).toBe('admission paused by the organiser');
    expect(estimatePhrase({ etaSeconds: null })).toBe('no estimate yet');
  });

  it('counts down to the opening and explains the draw when the sale opens later', () => {
    const now = Date.UTC(2030, 0, 1, 10, 0, 0);
    const lines = beforeOpeningLines(new Date(now + 65_000), new Date(now + 3600_000), now);
    expect(lines[0]).toMatch(/^The waiting room opens in 1:05 \(/);
    expect(lines[1]).toMatch(/random draw when it opens/);
    expect(beforeOpeningLines(new Date(now + 5000), new Date(now + 5000), now)).toHaveLength(1);
  });
});
