/**
 * `tix search` against a real server with the demo data: words of a title, a performer with a typo, Korean, the
 * --city/--from/--to filters, --json for scripts, and a bad --from named before any call.
 */
import { describe, expect, it } from 'vitest';
import { json, useTixEnv } from './support/cli.js';

const env = useTixEnv();

describe('tix search', { timeout: 180_000 }, () => {
  it('finds demo concerts by title, performer and Korean words, and prints them for people and scripts', async () => {
    const p = env.person();
    const human = await p.ok(['search', 'aurora', 'live']);
    expect(human.stdout).toMatch(/1\s+Aurora Live in Seoul/);
    const typo = json<Array<{ title: string }>>(await p.ok(['search', 'pegy', 'gou', '--json']));
    expect(typo.map((c) => c.title)).toEqual(['Neon Waves Festival']);
    const korean = json<Array<{ title: string; performers: string[] }>>(
      await p.ok(['search', '아이유', '--json']),
    );
    expect(korean).toEqual([
      expect.objectContaining({ title: '아이유 콘서트 골든 아워', performers: ['아이유', 'IU'] }),
    ]);
    expect((await p.ok(['search', 'nothing-like-this'])).stdout).toContain('No concerts match');
  });

  it('narrows by city and dates', async () => {
    const p = env.person();
    const busan = json<Array<{ title: string }>>(await p.ok(['search', 'jazz', '--city', 'busan', '--json']));
    expect(busan.map((c) => c.title)).toEqual(['부산 재즈 페스티벌']);
    const day = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 10);
    const soon = json<unknown[]>(await p.ok(['search', 'seoul', '--to', day(20 * 86_400_000), '--json']));
    expect(soon).toEqual([]);
    const later = json<Array<{ title: string }>>(
      await p.ok(['search', 'seoul', '--from', day(70 * 86_400_000), '--json']),
    );
    expect(later.map((c) => c.title)).toEqual(['아이유 콘서트 골든 아워']);
    const bad = await p.run(['search', 'seoul', '--from', 'tuesday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from must be a day/);
  });
});
