/**
 * The job runner's back-off (issue 18; README, "Timeouts and failures"): a job whose dependency is down waits 1 s,
 * 2 s, 4 s… between runs instead of failing every second, but only while that dependency's breaker is open: once it
 * closes, the next tick runs, so admission resumes within a second of Redis returning however long it was away.
 */
import { createDependencyBreakers, type Deps, type Job } from '@tix/api';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { runJobs } from '../src/job-runner.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('job runner', () => {
  it(
    'backs off while the breaker is open and runs on the next tick once it closes',
    { timeout: 20_000 },
    async () => {
      const breakers = createDependencyBreakers({ redis: true, settings: { openMs: 60_000 } });
      const runs: Array<{ at: number; ok: boolean }> = [];
      // As a real job does: its Redis command is refused by the open breaker.
      const job: Job = {
        name: 'probe',
        schedule: '* * * * * *',
        async run() {
          try {
            breakers.redis!.admit();
            runs.push({ at: Date.now(), ok: true });
          } catch (err) {
            runs.push({ at: Date.now(), ok: false });
            throw err;
          }
        },
      };
      breakers.redis!.trip();
      const runner = runJobs([job], { breakers } as unknown as Deps, pino({ level: 'silent' }));
      try {
        while (runs.length < 3) await sleep(20);
        // While Redis stays away, the third run waited 2 s after the second, not one tick.
        expect(runs[2]!.at - runs[1]!.at).toBeGreaterThan(1900);
        // The next is due 4 s after the third; the breaker closing (the connection's 'ready') cuts that short.
        breakers.redis!.reset();
        const closedAt = Date.now();
        while (!runs.some((r) => r.ok)) await sleep(20);
        const resumedAfter = runs.find((r) => r.ok)!.at - closedAt;
        console.log(`[faults] job resumed ${resumedAfter} ms after the breaker closed`);
        expect(resumedAfter).toBeLessThan(1500);
        expect(runs.filter((r) => !r.ok)).toHaveLength(3);
      } finally {
        await runner.stop();
      }
    },
  );
});
