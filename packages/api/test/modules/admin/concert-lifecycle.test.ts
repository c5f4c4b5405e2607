/**
 * admin.updateConcert and admin.cancelConcert through the router on PostgreSQL (docs/domain.md, "Editing a concert"
 * and "Cancelling a concert"): what may change and when, and a cancel that releases holds, refunds every paid
 * reservation with its ledger entry and events, refuses joins, holds and payments, and leaves the money adding up
 * (the audit runs after every test).
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { makeBuyers, makeConcert, makeUser, type Buyer } from '../../support/index.js';
import { auditedTestApp, failureOf } from '../../support/outcomes.js';

const day = 86_400_000;

describe('admin.updateConcert and admin.cancelConcert', () => {
  const clock = new ManualClock(new Date('2026-12-01T10:00:00.000Z'));
  const app = auditedTestApp({ redis: false, clock });
  const as = (b: Buyer) => app.caller({ sessionToken: b.sessionToken, queueToken: b.queueToken });
  const operator = async () =>
    app.caller({ sessionToken: (await makeUser(app.deps, { role: 'ADMIN' })).sessionToken });
  const at = (ms: number) => new Date(clock.now().getTime() + ms);

  it('edits names, texts and sale settings at any time, and the catalog and search show it at once', async () => {
    const admin = await operator();
    const concert = await makeConcert(app.deps, { title: 'Old Title Tour', city: 'Busan' });
    // Read once so the catalog and search answers are cached before the edit.
    await app.caller().concert.list({});
    await app.caller().concert.search({ query: 'Lumen' });
    const updated = await admin.admin.updateConcert({
      concertId: concert.concertId,
      title: 'Lumen Parade',
      performers: ['Lumen', 'The Parade'],
      city: 'Seoul',
      category: 'rock',
      description: 'Doors at six.',
      maxActive: 5,
      admitPerSecond: 3,
      holdSeconds: 240,
      // The same sale opening as before is no change, so it is allowed while the sale is open.
      saleOpensAt: concert.saleOpensAt,
    });
    expect(updated).toMatchObject({
      title: 'Lumen Parade',
      performers: ['Lumen', 'The Parade'],
      city: 'Seoul',
      category: 'rock',
      description: 'Doors at six.',
      cancelledAt: null,
      settings: { maxActive: 5, admitPerSecond: 3, holdSeconds: 240 },
    });
    const listed = (await app.caller().concert.list({})).items.find((c) => c.concertId === concert.concertId);
    expect(listed).toMatchObject({ title: 'Lumen Parade', city: 'Seoul' });
    const found = await app.caller().concert.search({ query: 'Lumen' });
    expect(found.items.map((c) => c.concertId)).toContain(concert.concertId);
    // Nothing given: nothing changes.
    expect(await admin.admin.updateConcert({ concertId: concert.concertId })).toEqual(updated);
  });

  it('moves the opening times and dates only before the sale opens, and keeps them in order', async () => {
    const admin = await operator();
    const later = await makeConcert(app.deps, {
      queueOpensAt: at(day),
      saleOpensAt: at(day),
      performances: [{ startsAt: at(10 * day) }, { startsAt: at(11 * day) }],
    });
    const [first, second] = later.performances;
    const moved = await admin.admin.updateConcert({
      concertId: later.concertId,
      queueOpensAt: at(2 * day),
      saleOpensAt: at(3 * day),
      performances: [{ performanceId: second!.performanceId, startsAt: at(12 * day) }],
    });
    expect(moved.saleOpensAt).toEqual(at(3 * day));
    expect(moved.performances.map((p) => p.startsAt)).toEqual([first!.startsAt, at(12 * day)]);

    const refusal = (input: Parameters<Awaited<ReturnType<typeof operator>>['admin']['updateConcert']>[0]) =>
      failureOf(admin.admin.updateConcert(input));
    expect(
      await refusal({
        concertId: later.concertId,
        performances: [{ performanceId: first!.performanceId, startsAt: at(2 * day) }],
      }),
    ).toMatchObject({ code: 'SHOW_BEFORE_SALE', fields: ['performances.0.startsAt'] });
    expect(await refusal({ concertId: later.concertId, queueOpensAt: at(4 * day) })).toMatchObject({
      code: 'QUEUE_OPENS_AFTER_SALE',
    });
    const other = await makeConcert(app.deps);
    expect(
      await refusal({
        concertId: later.concertId,
        performances: [{ performanceId: other.performances[0]!.performanceId, startsAt: at(20 * day) }],
      }),
    ).toMatchObject({ code: 'PERFORMANCE_NOT_FOUND', fields: ['performances.0.performanceId'] });

    // `other` is on sale: its dates are fixed (tickets may be sold for them); its title is not.
    expect(await refusal({ concertId: other.concertId, saleOpensAt: at(day) })).toMatchObject({
      code: 'SALE_ALREADY_OPEN',
    });
    expect(
      await refusal({
        concertId: other.concertId,
        performances: [{ performanceId: other.performances[0]!.performanceId, startsAt: at(40 * day) }],
      }),
    ).toMatchObject({ code: 'SALE_ALREADY_OPEN' });
    expect((await admin.admin.updateConcert({ concertId: other.concertId, title: 'Renamed' })).title).toBe(
      'Renamed',
    );
    expect(await refusal({ concertId: crypto.randomUUID(), title: 'x' })).toMatchObject({
      code: 'CONCERT_NOT_FOUND',
    });
    const [buyer] = await makeBuyers(app.deps, 1);
    expect(
      await failureOf(as(buyer!).admin.updateConcert({ concertId: other.concertId, title: 'Mine' })),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('cancels: holds released, paid reservations refunded with ledger entries and events, nothing joins again', async () => {
    const admin = await operator();
    const concert = await makeConcert(app.deps, {
      performances: [
        { startsAt: at(5 * day), layout: [{ grade: 'VIP', price: 150_000, count: 10 }] },
        { startsAt: at(6 * day), layout: [{ grade: 'R', price: 90_000, count: 10 }] },
      ],
    });
    const { concertId } = concert;
    const [p1, p2] = concert.performances.map((p) => p.performanceId);
    const [alice, bob, carol, erin] = await makeBuyers(app.deps, 4, { funds: 1_000_000, admitTo: concertId });
    const paidA = await as(alice!).reservation.hold({ performanceId: p1!, seatNos: [1, 2] });
    await as(alice!).payment.pay({ reservationId: paidA.reservationId, idempotencyKey: 'cancel-concert-a1' });
    const paidB = await as(bob!).reservation.hold({ performanceId: p2!, seatNos: [3] });
    await as(bob!).payment.pay({ reservationId: paidB.reservationId, idempotencyKey: 'cancel-concert-b1' });
    const heldC = await as(carol!).reservation.hold({ performanceId: p1!, seatNos: [5] });
    expect(await as(alice!).wallet.balance()).toEqual({ balance: 700_000 });

    const outcome = await admin.admin.cancelConcert({ concertId });
    expect(outcome).toEqual({
      concertId,
      cancelledAt: clock.now(),
      releasedHolds: 1,
      refundedReservations: 2,
      refundedAmount: 390_000,
    });
    // Every buyer has all their money back, each refund with its own ledger entry.
    for (const b of [alice!, bob!, carol!, erin!]) {
      expect(await as(b).wallet.balance()).toEqual({ balance: 1_000_000 });
    }
    expect((await as(alice!).wallet.history()).items[0]).toMatchObject({
      kind: 'REFUND',
      amount: 300_000,
      reference: paidA.reservationId,
    });
    expect(await as(alice!).reservation.get({ reservationId: paidA.reservationId })).toMatchObject({
      status: 'REFUNDED',
      cancelledAt: clock.now(),
    });
    expect(await as(carol!).reservation.get({ reservationId: heldC.reservationId })).toMatchObject({
      status: 'CANCELLED',
    });
    const seats = await app.deps.db
      .selectFrom('seats')
      .innerJoin('performances', 'performances.id', 'seats.performance_id')
      .select('seats.status')
      .where('performances.concert_id', '=', concertId)
      .where('seats.status', '<>', 'AVAILABLE')
      .execute();
    expect(seats).toEqual([]);
    const events = await app.deps.db
      .selectFrom('outbox_events')
      .select(['type', 'data'])
      .where('concert_id', '=', concertId)
      .where('type', 'in', ['concert.cancelled', 'payment.refunded', 'reservation.cancelled'])
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual([
      'concert.cancelled',
      'payment.refunded',
      'payment.refunded',
      'reservation.cancelled',
    ]);
    expect(events.find((e) => e.type === 'concert.cancelled')!.data).toMatchObject({
      concertId,
      refundedReservations: 2,
      refundedAmount: 390_000,
    });

    // Shown as cancelled; nobody joins, holds or pays any more; editing is refused; a second cancel changes nothing.
    const listed = (await app.caller().concert.list({})).items.find((c) => c.concertId === concertId);
    expect(listed?.cancelledAt).toEqual(clock.now());
    const [dave] = await makeBuyers(app.deps, 1, { funds: 1_000_000 });
    expect(await failureOf(as(dave!).queue.join({ concertId }))).toMatchObject({ code: 'CONCERT_CANCELLED' });
    expect(await failureOf(as(erin!).reservation.hold({ performanceId: p1!, seatNos: [9] }))).toMatchObject({
      code: 'CONCERT_CANCELLED',
    });
    expect(
      await failureOf(
        as(carol!).payment.pay({ reservationId: heldC.reservationId, idempotencyKey: 'cancel-concert-c1' }),
      ),
    ).toMatchObject({ code: 'RESERVATION_NOT_PAYABLE' });
    expect(await failureOf(admin.admin.updateConcert({ concertId, title: 'Back on' }))).toMatchObject({
      code: 'CONCERT_CANCELLED',
    });
    clock.advance(1);
    expect(await admin.admin.cancelConcert({ concertId })).toEqual({
      ...outcome,
      releasedHolds: 0,
      refundedReservations: 0,
      refundedAmount: 0,
    });
  });

  it('a cancel racing holds and payments: every hold either lands first and is released, or is refused', async () => {
    const admin = await operator();
    const concert = await makeConcert(app.deps, {
      performances: [{ startsAt: at(5 * day), layout: [{ grade: 'R', price: 50_000, count: 40 }] }],
    });
    const performanceId = concert.performances[0]!.performanceId;
    const buyers = await makeBuyers(app.deps, 16, { funds: 500_000, admitTo: concert.concertId });
    const buys = buyers.map(async (b, i) => {
      const held = await as(b).reservation.hold({ performanceId, seatNos: [i + 1, i + 21] });
      if (i % 2 === 0) {
        await as(b).payment.pay({
          reservationId: held.reservationId,
          idempotencyKey: `race-cancel-${i}-0000`,
        });
      }
    });
    const [cancelled, ...outcomes] = await Promise.allSettled([
      admin.admin.cancelConcert({ concertId: concert.concertId }),
      ...buys,
    ]);
    // The cancel's own failure, whole, if it failed.
    if (cancelled.status === 'rejected') throw cancelled.reason;
    for (const o of outcomes) {
      if (o.status === 'rejected') {
        expect(['CONCERT_CANCELLED', 'RESERVATION_NOT_PAYABLE']).toContain(
          (await failureOf(Promise.reject(o.reason as Error))).code,
        );
      }
    }
    const live = await app.deps.db
      .selectFrom('reservations')
      .select(['id', 'status'])
      .where('concert_id', '=', concert.concertId)
      .where('status', 'in', ['HELD', 'PAID'])
      .execute();
    expect(live).toEqual([]);
    for (const b of buyers) expect(await as(b).wallet.balance()).toEqual({ balance: 500_000 });
  });

  it('refuses to cancel a concert that is over, and an unknown one', async () => {
    const concert = await makeConcert(app.deps, { performances: [{ startsAt: at(day) }] });
    clock.advance((2 * day) / 1000);
    const admin = await operator();
    expect(await failureOf(admin.admin.cancelConcert({ concertId: concert.concertId }))).toMatchObject({
      code: 'CONCERT_OVER',
    });
    expect(await failureOf(admin.admin.cancelConcert({ concertId: crypto.randomUUID() }))).toMatchObject({
      code: 'CONCERT_NOT_FOUND',
    });
  });
});
