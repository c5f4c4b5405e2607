/** The wording of the wait estimate (docs/domain.md, "Waiting room: the estimate"). */
import { describe, expect, it } from 'vitest';
import { aboutWait, describeWait, updatedAgo } from '../src/wait-wording.js';

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
    expect(describeWait(view, 100_000)).toBe('about 4–6 min (updated just now)');
    expect(describeWait(view, 160_000)).toBe('about 3–5 min (updated 60 s ago)');
    expect(describeWait({ ...view, paused: true })).toBe('admission paused by the organiser');
    expect(describeWait({ etaSeconds: null })).toBe('no estimate yet');
  });
});
