/**
 * payment.pay racing over separate PostgreSQL connections with the Redis queue engine: docs/domain.md edge cases
 * 5–7, the same key sent many times at once, and the sweeper racing payments. The audit runs after every test.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { createDeps } from '../../../src/deps.js';
import { forceAdmit, makeBuyers, makeConcert, type Buyer } from '../../support/index.js';
import { sweepExpiredHolds } from '../../../src/modules/reservation/hold-sweeper.js';
import { auditedTestApp, countOutcomes, failureOf } from '../../support/outcomes.js';

describe('payment.pay under concurrency (PostgreSQL + Redis)', () => {
  const clock = new ManualClock();
  const app = auditedTestApp({ clock });

  const as = (b: Buyer) => app.caller({ sessionToken: b.sessionToken, queueToken: b.queueToken });

  async function concertOf(price: number, seats = 20) {
    const concert = await makeConcert(app.deps, {
      performances: [
        {
          startsAt: new Date(clock.now().getTime() + 30 * 86_400_000),
          layout: [{ grade: 'R', price, count: seats }],
        },
      ],
    });
    return { concertId: concert.concertId, performanceId: concert.performances[0]!.performanceId };
  }

  it('edge 6: the same reservation paid five times at once (different keys) → one payment, one debit', async () => {
    const { concertId, performanceId } = await concertOf(30_000);
    const [me] = await makeBuyers(app.deps, 1, { funds: 100_000, admitTo: concertId });
    const r = await as(me!).reservation.hold({ performanceId, seatNos: [1] });
    const calls = [1, 2, 3, 4, 5].map((i) =>
      as(me!).payment.pay({ reservationId: r.reservationId, idempotencyKey: `edge6-key-${i}` }),
    );
    expect(await countOutcomes(calls)).toEqual({ OK: 1, ALREADY_PAID: 4 });
    expect(await as(me!).wallet.balance()).toEqual({ balance: 70_000 });
    const payments = await app.deps.db
      .selectFrom('payments')
      .select('id')
      .where('user_id', '=', me!.id)
      .execute();
    expect(payments).toHaveLength(1);
  });

  it('edge 7: balance 5,000 and five concurrent payments of 2,000 → two succeed, balance 1,000', async () => {
    // Five concerts, so each payment has its own queue token (paying ends the token of its concert).
    const concerts = await Promise.all([1, 2, 3, 4, 5].map(() => concertOf(2_000)));
    const [me] = await makeBuyers(app.deps, 1, { funds: 5_000 });
    const holds = [];
    for (const c of concerts) {
      const { queueToken } = await admit(me!, c.concertId);
      const caller = app.caller({ sessionToken: me!.sessionToken, queueToken });
      const r = await caller.reservation.hold({ performanceId: c.performanceId, seatNos: [1] });
      holds.push({ caller, reservationId: r.reservationId });
    }
    const codes = await countOutcomes(
      holds.map((h, i) =>
        h.caller.payment.pay({ reservationId: h.reservationId, idempotencyKey: `edge7-key-${i}` }),
      ),
    );
    expect(codes).toEqual({ OK: 2, INSUFFICIENT_BALANCE: 3 });
    expect(await as(me!).wallet.balance()).toEqual({ balance: 1_000 });
  });

  async function admit(b: Buyer, concertId: string) {
    const { token } = await app.caller({ sessionToken: b.sessionToken }).queue.join({ concertId });
    await forceAdmit(app.deps, token, clock.now());
    return { queueToken: token };
  }

  it('the same key sent 10 times at once → one payment, ten identical results; reused elsewhere → refused', async () => {
    const { concertId, performanceId } = await concertOf(10_000);
    const [me] = await makeBuyers(app.deps, 1, { funds: 50_000, admitTo: concertId });
    const r = await as(me!).reservation.hold({ performanceId, seatNos: [2, 3] });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        as(me!).payment.pay({ reservationId: r.reservationId, idempotencyKey: 'same-key-00001' }),
      ),
    );
    expect(new Set(results.map((x) => x.paymentId)).size).toBe(1);
    expect(results.every((x) => x.amount === 20_000 && x.balance === 30_000)).toBe(true);
    // After the commit the token is EXPIRED, yet a retry with the key still gets the first result.
    expect(
      await as(me!).payment.pay({ reservationId: r.reservationId, idempotencyKey: 'same-key-00001' }),
    ).toEqual(results[0]);
    const other = '00000000-0000-4000-8000-000000000001';
    expect(
      (await failureOf(as(me!).payment.pay({ reservationId: other, idempotencyKey: 'same-key-00001' }))).code,
    ).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await as(me!).wallet.balance()).toEqual({ balance: 30_000 });
  });

  it('edge 5: payment racing the sweeper on one reservation → exactly one wins, 12 times', async () => {
    const { concertId, performanceId } = await concertOf(1_000, 12);
    const buyers = await makeBuyers(app.deps, 12, { funds: 10_000, admitTo: concertId });
    const holds = await Promise.all(
      buyers.map((b, i) => as(b).reservation.hold({ performanceId, seatNos: [i + 1] })),
    );
    // The payer's clock is one second before expiry, the sweeper's (another server's) one second after: both
    // believe they may act, and only the lock on the reservation row decides.
    clock.advance(299);
    const late = new ManualClock(new Date(clock.now().getTime() + 2_000));
    const sweeper = createDeps({ db: app.deps.db, redis: null, clock: late, config: app.deps.config });
    const [payCodes] = await Promise.all([
      countOutcomes(
        holds.map((h, i) =>
          as(buyers[i]!).payment.pay({ reservationId: h.reservationId, idempotencyKey: `edge5-${i}-key` }),
        ),
      ),
      sweepExpiredHolds(sweeper, { batchSize: 2 }),
    ]);
    const rows = await app.deps.db
      .selectFrom('reservations as r')
      .leftJoin('payments as p', 'p.reservation_id', 'r.id')
      .select(['r.id', 'r.status', 'r.user_id', 'p.id as payment_id'])
      .where('r.performance_id', '=', performanceId)
      .execute();
    for (const row of rows) {
      expect(['PAID', 'EXPIRED']).toContain(row.status);
      expect(row.payment_id !== null).toBe(row.status === 'PAID');
    }
    const paid = rows.filter((r) => r.status === 'PAID').length;
    expect(payCodes).toEqual({
      ...(paid ? { OK: paid } : {}),
      ...(paid < 12 ? { RESERVATION_EXPIRED: 12 - paid } : {}),
    });
    const sold = await app.deps.db
      .selectFrom('seats')
      .select('seat_no')
      .where('performance_id', '=', performanceId)
      .where('status', '=', 'SOLD')
      .execute();
    expect(sold).toHaveLength(paid);
    const unpaid = rows
      .filter((r) => r.status === 'EXPIRED')
      .map((r) => buyers.find((b) => b.id === r.user_id)!);
    const unpaidBalances = await Promise.all(unpaid.map((b) => as(b).wallet.balance()));
    expect(unpaidBalances.every((b) => b.balance === 10_000)).toBe(true);
  });
});
