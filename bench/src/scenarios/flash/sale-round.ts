/**
 * One round of the flash sale (flash-sale.ts): users arrive (the first before the opening), wait, buy, until the
 * seats run out or the time limit; then the admissions the servers recorded. Earlier rounds of a run leave their
 * turns in the database, where the wait estimate's prior of the next round comes from (turn-prior.ts).
 */
import { seedBuyers } from '../../env/seed.js';
import { Recorder } from '../../load/stats.js';
import { processCpuMs } from '../../env/process-cpu.js';
import { sleep } from '../../load/run.js';
import { runBuyer, type BuyerRecord, type SaleClock } from './buyer.js';
import { soldCount } from './checks.js';
import { sampleRoom, writeRoomSamples } from './room-samples.js';
import { addServerAdmissions, endedTurnLengths } from './server-admissions.js';
import { num, type BenchContext } from '../types.js';

export async function runSaleRound(ctx: BenchContext, round: number, rounds: number) {
  const users = num(ctx, 'users');
  const seats = num(ctx, 'sale-seats');
  const timeoutS = num(ctx, 'sale-timeout');
  const people = await seedBuyers(ctx.backends.db, users, {
    secret: ctx.sessionSecret,
    balance: 1_000_000,
    label: round === rounds ? 'fs' : `fs${round}r`,
  });
  const presaleMs = num(ctx, 'presale-seconds') * 1000;
  const saleOpensAt = Date.now() + presaleMs;
  const concert = await ctx.admin.createConcert({
    title: round === rounds ? 'Flash Sale' : `Flash Sale (earlier round ${round})`,
    seats,
    queueOpensAt: new Date(Date.now() - 1000),
    saleOpensAt: new Date(saleOpensAt),
    maxActive: num(ctx, 'max-active'),
    admitPerSecond: num(ctx, 'admit-rate'),
  });
  const performanceId = concert.performanceIds[0]!;
  const startedAt = performance.now();
  const cpuBefore = processCpuMs(ctx.product.pids);
  let stop = () => {};
  const clock: SaleClock = { openedAt: null, over: false, stopped: new Promise<void>((r) => (stop = r)) };
  setTimeout(() => (clock.openedAt = performance.now()), presaleMs).unref();

  const recorders = new Map<string, Recorder>();
  const bytes = new Map<string, number>();
  const sink = (procedure: string, r: { code: string; ms: number; status: number; bytes?: number }) => {
    let rec = recorders.get(procedure);
    if (!rec) recorders.set(procedure, (rec = new Recorder()));
    rec.record(r.code, r.ms, r.status);
    bytes.set(procedure, (bytes.get(procedure) ?? 0) + (r.bytes ?? 0));
  };
  ctx.log(
    `flash-sale: round ${round} of ${rounds}: ${users} users arrive over ${num(ctx, 'arrival-seconds')} s for ${seats} seats`,
  );
  const arrivalMs = num(ctx, 'arrival-seconds') * 1000;
  const roomSamples = sampleRoom(ctx.backends.redis, concert.concertId, clock);
  const buyersDone = Promise.all(
    people.map(async (b, i) => {
      await sleep((i / users) * arrivalMs);
      try {
        return await runBuyer(
          ctx.product.pick(i),
          b,
          { concertId: concert.concertId, performanceId, opensAt: saleOpensAt },
          clock,
          sink,
        );
      } catch (err) {
        return {
          joinedAt: 0,
          shown: [],
          seats: 0,
          outcome: 'error',
          errors: [String(err)],
        } satisfies BuyerRecord;
      }
    }),
  );

  // Watch the seats sell, one sample a second, until sold out or the time limit.
  const soldOverTime: number[] = [];
  let soldOutAt: number | null = null;
  while (performance.now() - startedAt < timeoutS * 1000) {
    await sleep(1000);
    const sold = await soldCount(ctx.backends.pool, performanceId);
    soldOverTime.push(sold);
    // Sold out, or no seat free (the last are held, by buyers who may never pay): a real room would close now,
    // and the buyers let in after it would only say how fast people leave an empty sale.
    if (sold >= seats || clock.noSeatsAt !== undefined) {
      soldOutAt = clock.noSeatsAt ?? performance.now();
      break;
    }
  }
  clock.over = true;
  stop();
  const records = await buyersDone;
  await addServerAdmissions(ctx.backends.pool, concert.concertId, records);
  await writeRoomSamples(
    round,
    rounds,
    {
      maxActive: num(ctx, 'max-active'),
      admitPerSecond: num(ctx, 'admit-rate'),
      activeTtlSeconds: 600,
      saleOpensAt,
    },
    await roomSamples,
    records,
    await endedTurnLengths(ctx.backends.pool, concert.concertId),
  );
  const serverCpuMs = processCpuMs(ctx.product.pids) - cpuBefore;
  return {
    records,
    soldOverTime,
    soldOutAt,
    startedAt,
    serverCpuMs,
    clock,
    saleOpensAt,
    recorders,
    bytes,
    performanceId,
  };
}
