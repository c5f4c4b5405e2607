/**
 * reservation.hold's rules with an injected clock: bad inputs refused with the right code and nothing changed,
 * one pending hold per date, expiry at the exact second (docs/domain.md edge case 4), and the queue token kept
 * alive by a hold.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { makeBuyers, makeConcert, seatStatuses, seatsWith } from '../../support/index.js';
import { auditedTestApp, failureOf, stateOf } from '../../support/outcomes.js';

describe('reservation.hold rules (injected clock)', () => {
  const clock = new ManualClock(new Date('2026-12-01T10:00:00.000Z'));
  const app = auditedTestApp({ redis: false, clock });

  async function setup(overrides: Parameters<typeof makeConcert>[1] = {}) {
    const concert = await makeConcert(app.deps, {
      performances: [{ startsAt: new Date(clock.now().getTime() + 30 * 86_400_000), seats: 10 }],
      ...overrides,
    });
    const performanceId = concert.performances[0]!.performanceId;
    const [alice, bob] = await makeBuyers(app.deps, 2, { funds: 1_000_000, admitTo: concert.concertId });
    const as = (b: typeof alice) => app.caller({ sessionToken: b!.sessionToken, queueToken: b!.queueToken });
    return { concert, performanceId, alice: alice!, bob: bob!, as };
  }

  it('holds seats all or nothing and shows them HELD on the seat map', async () => {
    const { performanceId, alice, bob, as } = await setup();
    const r = await as(alice).reservation.hold({ performanceId, seatNos: [3, 1] });
    expect(r).toMatchObject({
      status: 'HELD',
      performanceId,
      seats: [
        { seatNo: 1, price: expect.any(Number) as number },
        { seatNo: 3, price: expect.any(Number) as number },
      ],
      expiresAt: new Date(clock.now().getTime() + 300_000),
    });
    expect(r.totalPrice).toBe(r.seats[0]!.price + r.seats[1]!.price);
    // The answer is built from what the hold wrote; it is exactly what reading the reservation gives.
    expect(await as(alice).reservation.get({ reservationId: r.reservationId })).toEqual(r);
    const map = await as(bob).concert.seats({ performanceId });
    expect(seatsWith(map, 'TAKEN')).toEqual([1, 3]);
    // Seat 3 is taken, so [2, 3] holds nothing at all.
    expect((await failureOf(as(bob).reservation.hold({ performanceId, seatNos: [2, 3] }))).code).toBe(
      'SEAT_UNAVAILABLE',
    );
    const free = await as(bob).concert.seats({ performanceId });
    expect(seatStatuses(free)[1]).toBe('AVAILABLE');
  });

  it('refuses bad inputs with the right code and changes nothing', async () => {
    const { performanceId, alice, as, concert } = await setup();
    const other = await makeConcert(app.deps);
    const [carol] = await makeBuyers(app.deps, 1, { admitTo: other.concertId });
    const before = await stateOf(app.deps);
    const hold = (seatNos: unknown, pid: string = performanceId) =>
      failureOf(as(alice).reservation.hold({ performanceId: pid, seatNos: seatNos as number[] }));

    expect(await hold([1, 1])).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['seatNos'] });
    expect(await hold([0])).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['seatNos.0'] });
    expect(await hold([-2])).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['seatNos.0'] });
    expect(await hold([1.5])).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['seatNos.0'] });
    expect(await hold([])).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['seatNos'] });
    expect(await hold(['1'])).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['seatNos.0'] });
    expect(await hold([10, 11])).toMatchObject({ code: 'SEAT_NOT_FOUND', details: { seatNos: [11] } });
    expect(await hold([1, 2, 3, 4, 5])).toMatchObject({ code: 'TOO_MANY_SEATS', fields: ['seatNos'] });
    expect(await hold([1], '00000000-0000-4000-8000-000000000000')).toMatchObject({
      code: 'PERFORMANCE_NOT_FOUND',
    });
    expect(await hold([1], 'not-a-uuid')).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: ['performanceId'],
    });
    // A token of another concert, no token, someone else's token.
    const wrongConcert = app.caller({ sessionToken: alice.sessionToken, queueToken: carol!.queueToken });
    expect((await failureOf(wrongConcert.reservation.hold({ performanceId, seatNos: [1] }))).code).toBe(
      'FORBIDDEN',
    );
    const [dave] = await makeBuyers(app.deps, 1, { admitTo: other.concertId });
    const daveHere = app.caller({ sessionToken: dave!.sessionToken, queueToken: dave!.queueToken });
    expect((await failureOf(daveHere.reservation.hold({ performanceId, seatNos: [1] }))).code).toBe(
      'QUEUE_WRONG_CONCERT',
    );
    expect((await failureOf(daveHere.concert.seats({ performanceId }))).code).toBe('QUEUE_WRONG_CONCERT');
    const noToken = app.caller({ sessionToken: alice.sessionToken });
    expect((await failureOf(noToken.reservation.hold({ performanceId, seatNos: [1] }))).code).toBe(
      'QUEUE_TOKEN_MISSING',
    );
    expect((await failureOf(noToken.concert.seats({ performanceId }))).code).toBe('QUEUE_TOKEN_MISSING');
    expect(await stateOf(app.deps)).toEqual(before);
    expect(concert.settings.maxSeatsPerOrder).toBe(4);
  });

  it('allows one pending hold per date; an expired one no longer counts', async () => {
    const { performanceId, alice, as } = await setup();
    const first = await as(alice).reservation.hold({ performanceId, seatNos: [1] });
    expect(await failureOf(as(alice).reservation.hold({ performanceId, seatNos: [2] }))).toMatchObject({
      code: 'HOLD_ALREADY_PENDING',
      details: { reservationId: first.reservationId },
    });
    // Asking again for the seat it already holds says the same, not SEAT_UNAVAILABLE.
    expect((await failureOf(as(alice).reservation.hold({ performanceId, seatNos: [1] }))).code).toBe(
      'HOLD_ALREADY_PENDING',
    );
    clock.advance(300);
    const second = await as(alice).reservation.hold({ performanceId, seatNos: [1, 2] });
    expect(second.status).toBe('HELD');
    const old = await as(alice).reservation.get({ reservationId: first.reservationId });
    expect(old.status).toBe('EXPIRED');
    const row = await app.deps.db
      .selectFrom('reservations')
      .select('status')
      .where('id', '=', first.reservationId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('EXPIRED');
  });

  it('frees a hold at the exact second it expires, and refuses the late payment with nothing debited', async () => {
    const { performanceId, alice, bob, as } = await setup();
    const held = await as(alice).reservation.hold({ performanceId, seatNos: [5] });
    clock.advance(299.999);
    expect((await failureOf(as(bob).reservation.hold({ performanceId, seatNos: [5] }))).code).toBe(
      'SEAT_UNAVAILABLE',
    );
    clock.advance(0.001);
    // No sweeper has run: the seat is free because its hold's time is up.
    const map = await as(bob).concert.seats({ performanceId });
    expect(seatStatuses(map)[4]).toBe('AVAILABLE');
    const taken = await as(bob).reservation.hold({ performanceId, seatNos: [5] });
    expect(taken.status).toBe('HELD');
    const before = await stateOf(app.deps);
    expect(
      (
        await failureOf(
          as(alice).payment.pay({ reservationId: held.reservationId, idempotencyKey: 'late-pay-0001' }),
        )
      ).code,
    ).toBe('RESERVATION_EXPIRED');
    expect(await stateOf(app.deps)).toEqual(before);
    expect(await as(alice).wallet.balance()).toEqual({ balance: 1_000_000 });
  });

  it('keeps the queue token alive while the hold is pending', async () => {
    const { performanceId, alice, as } = await setup({ activeTtlSeconds: 30, holdSeconds: 120 });
    const held = await as(alice).reservation.hold({ performanceId, seatNos: [1] });
    clock.advance(100); // past the 30 s activity TTL, inside the 120 s hold
    const info = await app.deps.queue.inspect(alice.queueToken, clock.now());
    expect(info?.status).toBe('ACTIVE');
    expect(info?.activeUntil?.getTime()).toBeGreaterThanOrEqual(held.expiresAt.getTime());
    await as(alice).payment.pay({ reservationId: held.reservationId, idempotencyKey: 'keepalive-pay-1' });
    expect((await app.deps.queue.inspect(alice.queueToken, clock.now()))?.status).toBe('EXPIRED');
  });
});
