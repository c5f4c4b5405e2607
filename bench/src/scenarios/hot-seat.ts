/**
 * Scenario 1: N buyers, each ACTIVE in the waiting room, hold the same seat at the same moment, spread across the
 * servers. Exactly one may win; everyone else must get a clean SEAT_UNAVAILABLE, never a 5xx.
 * Baseline: the same hold transaction through `pg`, N at once on another performance.
 */
import { rawHold } from '../baseline/hold-sql.js';
import { processCpuMs } from '../env/process-cpu.js';
import { seedBuyers } from '../env/seed.js';
import { admitAll } from '../load/queue-flow.js';
import { runLoad, timed } from '../load/run.js';
import { num, type Scenario, type ScenarioResult } from './types.js';

export const hotSeat: Scenario = {
  name: 'hot-seat',
  title: 'Hot seat: everyone holds the same seat at once',
  flags: {
    buyers: [1000, 'buyers holding the same seat at once'],
    seat: [7, 'the seat they all want'],
  },
  async run(ctx): Promise<ScenarioResult> {
    const buyers = num(ctx, 'buyers');
    const seat = num(ctx, 'seat');
    const concert = await ctx.admin.createConcert({
      title: 'Hot Seat',
      seats: 50,
      performanceCount: 2,
      maxActive: Math.max(buyers, 1),
      admitPerSecond: 10_000,
    });
    const [performanceId, baselinePerformanceId] = concert.performanceIds as [string, string];
    const people = await seedBuyers(ctx.backends.db, buyers, {
      secret: ctx.sessionSecret,
      balance: 0,
      label: 'hot',
    });
    ctx.log(`hot-seat: admitting ${buyers} buyers`);
    const tokens = await admitAll(ctx.product, people, concert.concertId);

    ctx.log(`hot-seat: ${buyers} holds of seat ${seat} at once`);
    const cpuBefore = processCpuMs(ctx.productPids);
    const product = await runLoad({
      servers: ctx.product.pids,
      label: `reservation.hold ×${buyers}, one seat`,
      baseline: 'same SQL via pg',
      concurrency: buyers,
      requests: buyers,
      op: (w) =>
        ctx.product
          .pick(w)
          .mutate(
            'reservation.hold',
            { performanceId, seatNos: [seat] },
            { session: people[w]!.session, queue: tokens[w] },
          ),
    });
    const cpuPerHoldMs = (processCpuMs(ctx.productPids) - cpuBefore) / buyers;
    const held = await ctx.backends.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id
        WHERE r.performance_id = $1 AND rs.seat_no = $2 AND r.status = 'HELD'`,
      [performanceId, seat],
    );
    const heldRows = Number(held.rows[0]?.n ?? 0);

    ctx.log('hot-seat: baseline, the same transaction straight through pg');
    const holdSeconds = 300;
    const baseline = await runLoad({
      label: 'same SQL via pg',
      role: 'baseline',
      concurrency: buyers,
      requests: buyers,
      op: (w) =>
        timed(async () => {
          const r = await rawHold(ctx.backends.pool, {
            userId: people[w]!.id,
            concertId: concert.concertId,
            performanceId: baselinePerformanceId,
            seatNos: [seat],
            holdSeconds,
          });
          return r.code;
        }),
    });

    const successes = product.codes.OK ?? 0;
    const p99 = product.latencyMs.p99;
    return {
      name: this.name,
      title: this.title,
      params: { buyers, seat, servers: ctx.serverCount },
      measurements: [product, baseline],
      facts: {
        successes,
        'HELD rows for the seat': heldRows,
        'server errors (5xx)': product.serverErrors,
        'error codes': Object.entries(product.codes)
          .filter(([k]) => k !== 'OK')
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
        'p50 / p95 / p99 / max ms': `${product.latencyMs.p50} / ${product.latencyMs.p95} / ${p99} / ${product.latencyMs.max}`,
        'baseline successes': baseline.codes.OK ?? 0,
        'time for all answers: product / pg ms': `${product.durationMs} / ${baseline.durationMs}`,
        'server CPU per hold ms (all servers, user + system)': Number(cpuPerHoldMs.toFixed(2)),
      },
      targets: [
        {
          name: 'Hot seat: exactly one success',
          goal: '1',
          actual: String(successes),
          met: successes === 1 && heldRows === 1,
        },
        {
          name: 'Hot seat: no server errors',
          goal: '0 × 5xx',
          actual: String(product.serverErrors),
          met: product.serverErrors === 0,
        },
        {
          name: 'Hot seat: p99 latency',
          goal: '< 300 ms',
          actual: `${p99} ms`,
          met: p99 < 300,
          note:
            p99 < 300
              ? undefined
              : `all ${buyers} requests arrive in the same instant and the servers answer them at ${product.rps}/s, so the last answer comes ~${Math.round((buyers / product.rps) * 1000)} ms later (${cpuPerHoldMs.toFixed(2)} ms of server CPU each, on cores the load generator shares): a refused hold makes no PostgreSQL query (the seat snapshot refuses it, read once per crowd behind the one hold per seat and server that goes to SQL), but it is still an HTTP request through tRPC with a session check and a Redis round trip for the queue token (the hold limit is spent only by holds that go on to SQL); the same SQL alone through pg answers all ${buyers} with a p99 of ${baseline.latencyMs.p99} ms`,
        },
      ],
      tables: [],
      notes: [
        `All ${buyers} requests are sent at once (closed loop with one request per buyer), buyer i to server i mod ${ctx.serverCount}.`,
        'The baseline runs the same hold transaction through a pool of the bench process; its connections are fewer than the requests, so it queues too.',
      ],
    };
  },
};
