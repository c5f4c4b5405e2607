/**
 * reservation.cancel / get / list with an injected clock: cancel a hold, refund a paid order until the cutoff (at
 * the exact second), the balance cap on refunds, owner-only access, idempotent cancels, and the list's order,
 * filter and cursor.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { forceAdmit, makeBuyers, makeConcert, type Buyer } from '../../support/index.js';
import { auditedTestApp, failureOf, stateOf } from '../../support/outcomes.js';

describe('reservation.cancel, get and list', () => {
  const clock = new ManualClock(new Date('2026-12-01T10:00:00.000Z'));
  const app = auditedTestApp({ redis: false, clock });

  const as = (b: Buyer) => app.caller({ sessionToken: b.sessionToken, queueToken: b.queueToken });
  const startsAt = () => new Date(clock.now().getTime() + 3 * 86_400_000);

  async function setup(funds = 1_000_000) {
    const concert = await makeConcert(app.deps, {
      refundCutoffSeconds: 86_400,
      performances: [{ startsAt: startsAt(), layout: [{ grade: 'VIP', price: 150_000, count: 10 }] }],
    });
    const performanceId = concert.performances[0]!.performanceId;
    const [alice, bob] = await makeBuyers(app.deps, 2, { funds, admitTo: concert.concertId });
    return { concert, performanceId, alice: alice!, bob: bob! };
  }

  it('cancels a hold: CANCELLED, seats free at once, and a second cancel returns the same', async () => {
    const { performanceId, alice, bob } = await setup();
    const held = await as(alice).reservation.hold({ performanceId, seatNos: [1, 2] });
    const cancelled = await as(alice).reservation.cancel({ reservationId: held.reservationId });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancelledAt: clock.now(), totalPrice: 300_000 });
    expect(await as(alice).reservation.cancel({ reservationId: held.reservationId })).toEqual(cancelled);
    await as(bob).reservation.hold({ performanceId, seatNos: [1, 2] });
  });

  it('refunds a paid order until the cutoff second, then REFUND_WINDOW_CLOSED', async () => {
    const { performanceId, alice, bob, concert } = await setup();
    const a = await as(alice).reservation.hold({ performanceId, seatNos: [3] });
    await as(alice).payment.pay({ reservationId: a.reservationId, idempotencyKey: 'refund-key-001' });
    const b = await as(bob).reservation.hold({ performanceId, seatNos: [4] });
    await as(bob).payment.pay({ reservationId: b.reservationId, idempotencyKey: 'refund-key-002' });
    const cutoff = concert.performances[0]!.startsAt.getTime() - 86_400_000;

    clock.set(new Date(cutoff)); // exactly at the cutoff: still allowed
    const refunded = await as(alice).reservation.cancel({ reservationId: a.reservationId });
    expect(refunded).toMatchObject({ status: 'REFUNDED', cancelledAt: new Date(cutoff) });
    expect(await as(alice).wallet.balance()).toEqual({ balance: 1_000_000 });
    const history = await as(alice).wallet.history();
    expect(history.items[0]).toMatchObject({ kind: 'REFUND', amount: 150_000, reference: a.reservationId });

    clock.set(new Date(cutoff + 1000)); // one second later: closed
    const before = await stateOf(app.deps);
    expect(await failureOf(as(bob).reservation.cancel({ reservationId: b.reservationId }))).toMatchObject({
      code: 'REFUND_WINDOW_CLOSED',
      details: { refundCutoffAt: new Date(cutoff) },
    });
    expect(await stateOf(app.deps)).toEqual(before);
    const seat = await app.deps.db
      .selectFrom('seats')
      .select(['seat_no', 'status'])
      .where('performance_id', '=', performanceId)
      .where('seat_no', 'in', [3, 4])
      .orderBy('seat_no')
      .execute();
    expect(seat).toEqual([
      { seat_no: 3, status: 'AVAILABLE' },
      { seat_no: 4, status: 'SOLD' },
    ]);
    clock.set(new Date('2026-12-01T10:00:00.000Z'));
  });

  it('refuses a refund that would pass the 100,000,000 won cap, changing nothing', async () => {
    const { performanceId, alice } = await setup(100_000_000);
    const held = await as(alice).reservation.hold({ performanceId, seatNos: [5] });
    await as(alice).payment.pay({ reservationId: held.reservationId, idempotencyKey: 'cap-key-00001' });
    await as(alice).wallet.charge({ amount: 150_000 });
    const before = await stateOf(app.deps);
    expect((await failureOf(as(alice).reservation.cancel({ reservationId: held.reservationId }))).code).toBe(
      'BALANCE_LIMIT_EXCEEDED',
    );
    expect(await stateOf(app.deps)).toEqual(before);
  });

  it('someone else’s reservation → FORBIDDEN; an unknown one → RESERVATION_NOT_FOUND; nothing changes', async () => {
    const { performanceId, alice, bob } = await setup();
    const held = await as(alice).reservation.hold({ performanceId, seatNos: [6] });
    const before = await stateOf(app.deps);
    expect((await failureOf(as(bob).reservation.cancel({ reservationId: held.reservationId }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await failureOf(as(bob).reservation.get({ reservationId: held.reservationId }))).code).toBe(
      'FORBIDDEN',
    );
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    expect((await failureOf(as(bob).reservation.cancel({ reservationId: unknown }))).code).toBe(
      'RESERVATION_NOT_FOUND',
    );
    expect((await failureOf(as(bob).reservation.get({ reservationId: unknown }))).code).toBe(
      'RESERVATION_NOT_FOUND',
    );
    expect(await failureOf(as(bob).reservation.get({ reservationId: 'x' }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: ['reservationId'],
    });
    expect(await stateOf(app.deps)).toEqual(before);
    expect((await as(bob).reservation.list()).items).toEqual([]);
  });

  it('lists the owner’s reservations newest first, by shown status, page by page, without a queue token', async () => {
    const concerts = await Promise.all([1, 2, 3].map(() => makeConcert(app.deps)));
    const [me] = await makeBuyers(app.deps, 1, { funds: 1_000_000 });
    const ids: string[] = [];
    for (const c of concerts) {
      const { token } = await app
        .caller({ sessionToken: me!.sessionToken })
        .queue.join({ concertId: c.concertId });
      await forceAdmit(app.deps, token, clock.now());
      const caller = app.caller({ sessionToken: me!.sessionToken, queueToken: token });
      ids.push(
        (await caller.reservation.hold({ performanceId: c.performances[0]!.performanceId, seatNos: [1] }))
          .reservationId,
      );
      clock.advance(60);
    }
    const session = app.caller({ sessionToken: me!.sessionToken });
    const all = await session.reservation.list();
    expect(all.items.map((r) => r.reservationId)).toEqual([...ids].reverse());
    expect(all.items[0]).toMatchObject({
      status: 'HELD',
      concertTitle: 'Test Concert',
      seats: [{ seatNo: 1 }],
    });
    const page1 = await session.reservation.list({ limit: 2 });
    const page2 = await session.reservation.list({ limit: 2, cursor: page1.nextCursor! });
    expect([...page1.items, ...page2.items].map((r) => r.reservationId)).toEqual([...ids].reverse());
    expect(page2.nextCursor).toBeNull();
    clock.advance(120); // now = first hold + 300 s: it has just run out, the other two not
    expect((await session.reservation.list({ status: 'EXPIRED' })).items.map((r) => r.reservationId)).toEqual(
      [ids[0]],
    );
    expect((await session.reservation.list({ status: 'HELD' })).items.map((r) => r.reservationId)).toEqual([
      ids[2],
      ids[1],
    ]);
    expect((await failureOf(session.reservation.list({ cursor: 'garbage' }))).code).toBe('VALIDATION_FAILED');
  });
});
