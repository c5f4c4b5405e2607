/**
 * The pre-sale shuffle is uniform: over many sales, each early joiner (by join order) lands in each place equally
 * often. A chi-square test over the join-order × place table, at a significance level of one in a million, so a
 * correct shuffle essentially never fails it while a biased one (say, first come first served) always does.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { createTestApp, makeConcert, timeBudgetMs, type TestApp } from '../../support/index.js';
import { joinQueue } from '../../../src/modules/queue/queue.service.js';

const JOINERS = 4;
const TRIALS = 800;
/** Chi-square critical values at p = 1e-6: (JOINERS - 1)^2 = 9 degrees of freedom, and 3 for one joiner's row. */
const CRITICAL_TABLE = 44.81;
const CRITICAL_ROW = 30.66;
/** One sale is a concert with its seat, four joins and four reads: ~30 ms each at load average 17 on 2 cores. */
const sales = { timeout: timeBudgetMs({ units: TRIALS, msEach: 150 }) };

function chiSquare(observed: number[], expected: number): number {
  return observed.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
}

describe.each([
  { engine: 'redis', redis: true },
  { engine: 'in-process', redis: false },
])('pre-sale shuffle ($engine)', ({ redis }) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ redis, clock: new ManualClock(new Date('2030-05-01T09:00:00Z')) });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** One sale: JOINERS people join in order before it opens; returns each one's place once it opens. */
  async function trial(): Promise<number[]> {
    const now = app.deps.clock.now().getTime();
    const { concertId } = await makeConcert(app.deps, {
      queueOpensAt: new Date(now - 1000),
      saleOpensAt: new Date(now + 30_000),
      performances: [{ startsAt: new Date(now + 86_400_000), seats: 1 }],
    });
    const tokens: string[] = [];
    for (let i = 0; i < JOINERS; i++) tokens.push((await joinQueue(app.deps, randomUUID(), concertId)).token);
    const places = await Promise.all(tokens.map((t) => app.deps.queue.status(t, app.deps.clock.now())));
    return places.map((p) => p!.position! - 1);
  }

  it(`places each of ${JOINERS} early joiners uniformly over ${TRIALS} sales`, sales, async () => {
    const table = Array.from({ length: JOINERS }, () => new Array<number>(JOINERS).fill(0));
    for (let batch = 0; batch < TRIALS / 20; batch++) {
      const results = await Promise.all(Array.from({ length: 20 }, trial));
      for (const places of results) {
        expect([...places].sort()).toEqual([0, 1, 2, 3]);
        places.forEach((place, joiner) => (table[joiner]![place]! += 1));
      }
    }
    const expected = TRIALS / JOINERS;
    const rows = table.map((row) => chiSquare(row, expected));
    const total = rows.reduce((a, b) => a + b, 0);
    console.info(
      `[shuffle ${redis ? 'redis' : 'in-process'}] table ${JSON.stringify(table)} chi2 ${total.toFixed(2)}`,
    );
    for (const row of rows) expect(row).toBeLessThan(CRITICAL_ROW);
    expect(total).toBeLessThan(CRITICAL_TABLE);

    // The same test rejects first come, first served outright: it has the power to catch a missing shuffle.
    const fifo = table.map((_, joiner) => table.map((__, place) => (place === joiner ? TRIALS : 0)));
    expect(fifo.reduce((sum, row) => sum + chiSquare(row, expected), 0)).toBeGreaterThan(CRITICAL_TABLE);
  });
});
