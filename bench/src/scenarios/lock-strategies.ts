/**
 * Scenario 6: the same two-seat hold workload under six locking strategies, at low contention (many seats) and high
 * contention (a handful), straight against PostgreSQL (and Redis for the Redis lock) from the bench process.
 * Each successful hold is released at once, so the workload stays steady; a hold found stolen at release counts as
 * LOST_HOLD, the one outcome that must stay 0.
 */
import { runLoad, timed } from '../load/run.js';
import type { Measurement } from '../load/stats.js';
import { release, scratchTable, strategies, type StrategyDeps } from './locks/strategies.js';
import { num, type BenchContext, type Scenario, type ScenarioResult } from './types.js';

function pickSeats(pool: number, count: number): number[] {
  const seats = new Set<number>();
  while (seats.size < count) seats.add(1 + Math.floor(Math.random() * pool));
  return [...seats];
}

async function resetSeats(ctx: BenchContext, seats: number): Promise<void> {
  await ctx.backends.pool.query('TRUNCATE bench_lock_seats');
  await ctx.backends.pool.query('INSERT INTO bench_lock_seats (seat_no) SELECT generate_series(1, $1::int)', [
    seats,
  ]);
  await ctx.backends.pool.query('VACUUM ANALYZE bench_lock_seats');
}

export const lockStrategies: Scenario = {
  name: 'lock-strategies',
  title: 'Lock strategies for a seat hold',
  flags: {
    'lock-seconds': [4, 'seconds per strategy and contention level'],
    'lock-concurrency': [24, 'concurrent holders (pooled connections)'],
    'low-seats': [10000, 'seats to choose from at low contention'],
    'high-seats': [12, 'seats to choose from at high contention'],
    'seats-per-hold': [2, 'seats in each hold'],
  },
  async run(ctx): Promise<ScenarioResult> {
    const seconds = num(ctx, 'lock-seconds');
    const concurrency = num(ctx, 'lock-concurrency');
    const perHold = num(ctx, 'seats-per-hold');
    await ctx.backends.pool.query(scratchTable);
    const measurements: Measurement[] = [];
    const rows: (string | number)[][] = [];
    let holder = 0;
    for (const [level, seatCount] of [
      ['low', num(ctx, 'low-seats')],
      ['high', num(ctx, 'high-seats')],
    ] as const) {
      for (const s of strategies) {
        await resetSeats(ctx, seatCount);
        const deps: StrategyDeps = {
          pool: ctx.backends.pool,
          redis: ctx.backends.redis,
          retries: { count: 0 },
        };
        let lost = 0;
        ctx.log(`lock-strategies: ${level} contention, ${s.name}`);
        const m = await runLoad({
          label: `${s.name} [${level}]`,
          role: s.product ? 'product' : 'variant',
          concurrency,
          durationMs: seconds * 1000,
          warmupMs: 300,
          op: async () => {
            const seats = pickSeats(seatCount, perHold);
            const me = ++holder;
            const outcome = await timed(() => s.run(deps, seats, me));
            if (outcome.code === 'OK' && !(await release(ctx.backends.pool, seats, me))) lost += 1;
            return outcome;
          },
        });
        if (lost > 0) m.codes.LOST_HOLD = lost;
        measurements.push(m);
        const ok = m.codes.OK ?? 0;
        const other = Object.entries(m.codes)
          .filter(([k]) => k !== 'OK')
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        rows.push([
          level,
          s.name + (s.product ? ' ← product' : ''),
          m.rps,
          Math.round((ok / m.durationMs) * 1000),
          m.requests ? `${Math.round((ok / m.requests) * 100)}%` : '–',
          m.latencyMs.p50,
          m.latencyMs.p99,
          other || '–',
          deps.retries.count,
          lost,
        ]);
      }
    }
    await ctx.backends.pool.query('DROP TABLE IF EXISTS bench_lock_seats');
    const holdsPerSecond = measurements.map((m) => ({
      label: m.label,
      value: Math.round(((m.codes.OK ?? 0) / m.durationMs) * 1000),
    }));
    const lostTotal = measurements.reduce((n, m) => n + (m.codes.LOST_HOLD ?? 0), 0);
    return {
      name: this.name,
      title: this.title,
      params: {
        seconds,
        concurrency,
        perHold,
        lowSeats: num(ctx, 'low-seats'),
        highSeats: num(ctx, 'high-seats'),
      },
      measurements,
      facts: { 'holds lost to a second holder (all strategies)': lostTotal },
      targets: [
        {
          name: 'No strategy lets two holders in',
          goal: 'LOST_HOLD = 0',
          actual: String(lostTotal),
          met: lostTotal === 0,
        },
      ],
      charts: [
        { title: 'Successful holds per second (attempts minus conflicts)', unit: '/s', rows: holdsPerSecond },
      ],
      tables: [
        {
          title: 'Lock strategies: attempts/s, holds/s, outcome counts',
          head: [
            'contention',
            'strategy',
            'attempts/s',
            'holds/s',
            'success',
            'p50 ms',
            'p99 ms',
            'other outcomes',
            'retries',
            'lost',
          ],
          rows,
        },
      ],
      notes: [
        "The product uses SELECT … FOR UPDATE over the requested seats in seat_no order, then a conditional UPDATE … WHERE status = 'AVAILABLE'. " +
          'Why: a hold spans several seat rows and must be all or nothing, so the decision needs every row locked at once; taking the locks in one stable order makes overlapping multi-seat holds wait instead of deadlocking; ' +
          'a loser waits only for the winner\'s short transaction and then gets a definite business answer (SEAT_UNAVAILABLE), never a spurious "try again" (NOWAIT, optimistic) that the client would have to retry; ' +
          'the conditional UPDATE keeps the row guard in SQL even if a future path forgets the lock; before the locks, a lock-free read refuses seats that are plainly taken, so a crowd on a sold seat does not queue on its lock at all; and it needs nothing outside PostgreSQL (a Redis lock adds a second system whose lease can expire mid-transaction and still needs the SQL guard).',
        'A plain conditional UPDATE alone is the right tool where one row decides. For several rows its lock order is the scan order, as is that of the optimistic UPDATE … FROM unnest(…), so overlapping multi-seat holds can deadlock: PG_40P01 among the outcomes (and in the error column, as PostgreSQL aborts the transaction) when it happens.',
        'Optimistic versions and NOWAIT turn contention into failed attempts: cheap per attempt, but the success rate under high contention shows the cost a buyer would feel.',
      ],
    };
  },
};
