/**
 * The outbox (docs/domain.md, "Sale events"): every committed change writes its event in its own transaction, and a
 * transaction that rolls back leaves no event, even one it had already written.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { recordEvent } from '../../../src/modules/events/outbox.js';
import { admissionJob } from '../../../src/modules/queue/queue.jobs.js';
import { sweepExpiredHolds } from '../../../src/modules/reservation/hold-sweeper.js';
import { makeBuyers, makeConcert, makeUser, type Buyer } from '../../support/index.js';
import { auditedTestApp, failureOf } from '../../support/outcomes.js';

describe('the outbox', () => {
  const clock = new ManualClock();
  const app = auditedTestApp({ redis: false, clock });
  const as = (b: Buyer) => app.caller({ sessionToken: b.sessionToken, queueToken: b.queueToken });

  async function eventsOf(key: string) {
    return app.deps.db
      .selectFrom('outbox_events')
      .select(['id', 'type', 'version', 'data', 'created_at'])
      .where('aggregate_key', '=', key)
      .orderBy('seq')
      .execute();
  }

  it('hold, pay and refund each write one event, in order, with the data a consumer needs', async () => {
    const concert = await makeConcert(app.deps);
    const performanceId = concert.performances[0]!.performanceId;
    const [alice] = await makeBuyers(app.deps, 1, { funds: 1_000_000, admitTo: concert.concertId });
    const held = await as(alice!).reservation.hold({ performanceId, seatNos: [3, 4] });
    const paid = await as(alice!).payment.pay({
      reservationId: held.reservationId,
      idempotencyKey: 'outbox-pay-1',
    });
    // A replay of the same payment changes nothing, so it writes nothing.
    await as(alice!).payment.pay({ reservationId: held.reservationId, idempotencyKey: 'outbox-pay-1' });
    await app
      .caller({ sessionToken: alice!.sessionToken })
      .reservation.cancel({ reservationId: held.reservationId });

    const events = await eventsOf(`reservation:${held.reservationId}`);
    expect(events.map((e) => e.type)).toEqual(['reservation.held', 'payment.completed', 'payment.refunded']);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect(events.every((e) => e.version === 1)).toBe(true);
    const ref = {
      reservationId: held.reservationId,
      userId: alice!.id,
      concertId: concert.concertId,
      performanceId,
      totalPrice: held.totalPrice,
    };
    expect(events[0]!.data).toMatchObject({
      ...ref,
      seats: held.seats,
      expiresAt: held.expiresAt.toISOString(),
    });
    expect(events[1]!.data).toMatchObject({ ...ref, paymentId: paid.paymentId, amount: paid.amount });
    expect(events[2]!.data).toMatchObject({ ...ref, amount: held.totalPrice });
  });

  it('a cancelled hold, an expired hold (sweeper) and a charge write theirs; refused calls write none', async () => {
    const concert = await makeConcert(app.deps);
    const performanceId = concert.performances[0]!.performanceId;
    const [bob, carol] = await makeBuyers(app.deps, 2, { funds: 100, admitTo: concert.concertId });
    const cancelled = await as(bob!).reservation.hold({ performanceId, seatNos: [10] });
    await app
      .caller({ sessionToken: bob!.sessionToken })
      .reservation.cancel({ reservationId: cancelled.reservationId });
    expect((await eventsOf(`reservation:${cancelled.reservationId}`)).map((e) => e.type)).toEqual([
      'reservation.held',
      'reservation.cancelled',
    ]);

    const lapsing = await as(carol!).reservation.hold({ performanceId, seatNos: [11] });
    // Carol cannot pay (100 won): the refusal rolls back and leaves no payment event.
    const refused = await failureOf(
      as(carol!).payment.pay({ reservationId: lapsing.reservationId, idempotencyKey: 'outbox-pay-2' }),
    );
    expect(refused.code).toBe('INSUFFICIENT_BALANCE');
    clock.advance(600);
    expect(await sweepExpiredHolds(app.deps)).toBeGreaterThanOrEqual(1);
    expect((await eventsOf(`reservation:${lapsing.reservationId}`)).map((e) => e.type)).toEqual([
      'reservation.held',
      'reservation.expired',
    ]);

    const dave = await makeUser(app.deps);
    const charged = await app.caller({ sessionToken: dave.sessionToken }).wallet.charge({ amount: 5000 });
    const refusedCharge = await failureOf(
      app.caller({ sessionToken: dave.sessionToken }).wallet.charge({ amount: 10_000_000 * 11 }),
    );
    expect(refusedCharge.code).toBe('VALIDATION_FAILED');
    const walletEvents = await eventsOf(`wallet:${dave.id}`);
    expect(walletEvents.map((e) => [e.type, e.data])).toEqual([
      [
        'wallet.charged',
        { userId: dave.id, amount: 5000, balance: charged.balance, entryId: charged.entryId },
      ],
    ]);
  });

  it('a transaction that rolls back after writing its event leaves no event', async () => {
    const key = `reservation:00000000-0000-4000-8000-${Date.now().toString().padStart(12, '0')}`;
    await expect(
      app.deps.db.transaction().execute(async (trx) => {
        await recordEvent(trx, {
          type: 'reservation.cancelled',
          aggregateKey: key,
          concertId: null,
          data: { reservationId: 'x', userId: 'x', concertId: 'x', performanceId: 'x', totalPrice: 0 },
        });
        expect(
          (await trx.selectFrom('outbox_events').select('id').where('aggregate_key', '=', key).execute())
            .length,
        ).toBe(1);
        throw new Error('the change failed after its event was written');
      }),
    ).rejects.toThrow('after its event');
    expect(await eventsOf(key)).toEqual([]);
  });

  it('the admission job writes queue.admitted when it lets someone in', async () => {
    const concert = await makeConcert(app.deps);
    const erin = await makeUser(app.deps);
    await app.caller({ sessionToken: erin.sessionToken }).queue.join({ concertId: concert.concertId });
    await admissionJob.run(app.deps);
    const events = await eventsOf(`queue:${concert.concertId}`);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['queue.admitted', { concertId: concert.concertId, admitted: 1, waiting: 0, active: 1 }],
    ]);
  });
});
