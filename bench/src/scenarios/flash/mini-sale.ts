/**
 * A short sale at one admission rate, for the capacity search and the overload run (overload.ts): buyers arrive
 * within a couple of seconds, the room admits `admitPerSecond`, and the sale is ended after `saleSeconds` whether
 * or not seats remain; buyers in the middle of a purchase finish it. Per-procedure figures, shed calls apart.
 */
import { seedBuyers } from '../../env/seed.js';
import type { TargetSet } from '../../load/http.js';
import { sleep } from '../../load/run.js';
import { processCpuMs } from '../../env/process-cpu.js';
import { Recorder, round, type Measurement } from '../../load/stats.js';
import type { BenchContext } from '../types.js';
import { runBuyer, type BuyerRecord, type SaleClock } from './buyer.js';

export interface MiniSale {
  admitPerSecond: number;
  performanceId: string;
  records: BuyerRecord[];
  /** One row per procedure; shed calls (OVERLOADED) are counted in it and measured apart in `shed`. */
  byProcedure: Measurement[];
  shed: Measurement;
  /** Every call, shed or not. */
  all: Measurement;
}

export async function runMiniSale(
  ctx: BenchContext,
  targets: TargetSet,
  o: { admitPerSecond: number; saleSeconds: number; label: string },
): Promise<MiniSale> {
  const users = Math.ceil(o.admitPerSecond * o.saleSeconds * 1.2);
  const people = await seedBuyers(ctx.backends.db, users, {
    secret: ctx.sessionSecret,
    balance: 1_000_000,
    label: o.label,
  });
  const presaleMs = 2000;
  const concert = await ctx.admin.createConcert({
    title: `Mini Sale ${o.label}`,
    // Up to 4 seats per buyer: enough that the sale never sells out and every admitted buyer buys.
    // The API's most seats for one performance given by count.
    seats: Math.min(10_000, users * 4),
    queueOpensAt: new Date(Date.now() - 1000),
    saleOpensAt: new Date(Date.now() + presaleMs),
    // The admission rate, not the room's size, paces the sale.
    maxActive: Math.max(100, o.admitPerSecond * 10),
    admitPerSecond: o.admitPerSecond,
  });
  const performanceId = concert.performanceIds[0]!;
  let stop = () => {};
  const clock: SaleClock = { openedAt: null, over: false, stopped: new Promise<void>((r) => (stop = r)) };
  setTimeout(() => (clock.openedAt = performance.now()), presaleMs).unref();
  const recorders = new Map<string, Recorder>();
  const shed = new Recorder();
  const all = new Recorder();
  const cpuBefore = processCpuMs(targets.pids);
  const buyersDone = Promise.all(
    people.map(async (b, i) => {
      await sleep((i / users) * presaleMs);
      return runBuyer(targets.pick(i), b, { concertId: concert.concertId, performanceId }, clock, (p, r) => {
        let rec = recorders.get(p);
        if (!rec) recorders.set(p, (rec = new Recorder()));
        // Which part was unavailable tells a busy pool from a dependency down (both answer SERVICE_UNAVAILABLE).
        const dependency = r.code === 'SERVICE_UNAVAILABLE' ? r.error?.dependency : undefined;
        const code = typeof dependency === 'string' ? `${r.code} (${dependency})` : r.code;
        rec.record(code, r.ms, r.status);
        all.record(code, r.ms, r.status);
        if (r.code === 'OVERLOADED') shed.record(r.code, r.ms, r.status);
      }).catch((err: unknown): BuyerRecord => ({
        joinedAt: 0,
        shown: [],
        seats: 0,
        outcome: 'error',
        errors: [String(err)],
      }));
    }),
  );
  await sleep(presaleMs + o.saleSeconds * 1000);
  clock.over = true;
  stop();
  const records = await buyersDone;
  const every = all.finish(`every call @ ${o.admitPerSecond}/s`, 'product', users);
  every.serverCpuMs = round(processCpuMs(targets.pids) - cpuBefore, 0);
  if (every.serverCpuMs > 0) every.perCpuSecond = round((every.requests / every.serverCpuMs) * 1000, 1);
  const name = (p: string) => `${p} @ ${o.admitPerSecond}/s`;
  return {
    admitPerSecond: o.admitPerSecond,
    performanceId,
    records,
    byProcedure: [...recorders.entries()].map(([p, rec]) => rec.finish(name(p), 'product', users)),
    shed: shed.finish(name('shed calls (OVERLOADED)'), 'product', users),
    all: every,
  };
}

/** The p99 of hold and pay together (the worse of the two). */
export function checkoutP99(sale: MiniSale): number {
  return Math.max(
    0,
    ...sale.byProcedure
      .filter((m) => m.label.startsWith('reservation.hold') || m.label.startsWith('payment.pay'))
      .map((m) => m.latencyMs.p99),
  );
}
