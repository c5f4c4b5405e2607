/**
 * The flash sale's baseline: the same purchases (hold then pay, 1–4 seats) straight through `pg`, on a twin
 * performance of the same size, with buyers of their own (the sale's buyers have spent part of their wallets).
 */
import { rawHold, rawPay } from '../../baseline/hold-sql.js';
import { seedBuyers } from '../../env/seed.js';
import { runLoad, timed } from '../../load/run.js';
import type { BenchContext } from '../types.js';

export async function rawSqlPurchases(ctx: BenchContext, seats: number, concurrency: number) {
  const twin = await ctx.admin.createConcert({ title: 'Flash Sale (pg baseline)', seats });
  const twinPerformance = twin.performanceIds[0]!;
  const purchases = Math.ceil(seats / 2.5);
  const payers = await seedBuyers(ctx.backends.db, purchases, {
    secret: ctx.sessionSecret,
    balance: 1_000_000,
    label: 'fsb',
  });
  let nextSeat = 1;
  const baseline = await runLoad({
    label: 'purchase (hold + pay) via pg',
    role: 'baseline',
    concurrency,
    requests: purchases,
    op: (_w, k) =>
      timed(async () => {
        const want = 1 + (k % 4);
        const seatNos = Array.from({ length: want }, () => nextSeat++).filter((s) => s <= seats);
        if (seatNos.length === 0) return 'SOLD_OUT';
        const b = payers[k]!;
        const hold = await rawHold(ctx.backends.pool, {
          userId: b.id,
          concertId: twin.concertId,
          performanceId: twinPerformance,
          seatNos,
          holdSeconds: 300,
        });
        if (!hold.reservationId) return hold.code;
        return (
          await rawPay(ctx.backends.pool, {
            userId: b.id,
            reservationId: hold.reservationId,
            idempotencyKey: `bench-${k}`,
          })
        ).code;
      }),
  });
  return baseline;
}
