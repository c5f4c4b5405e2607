/**
 * payment.pay and payment.get refusals (docs/domain.md edge cases 9 and 14 among them): each gives its own code
 * and changes nothing. In-process stores and an injected clock.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { forceAdmit, makeBuyers, makeConcert, seatsWith, type Buyer } from '../../support/index.js';
import { auditedTestApp, failureOf, stateOf } from '../../support/outcomes.js';

describe('payment.pay and payment.get refusals', () => {
  const clock = new ManualClock();
  const app = auditedTestApp({ redis: false, clock });

  const as = (b: Buyer, queueToken = b.queueToken) =>
    app.caller({ sessionToken: b.sessionToken, queueToken });

  async function setup(funds = 1_000_000) {
    const concert = await makeConcert(app.deps);
    const performanceId = concert.performances[0]!.performanceId;
    const [alice, bob] = await makeBuyers(app.deps, 2, { funds, admitTo: concert.concertId });
    const held = await as(alice!).reservation.hold({ performanceId, seatNos: [1, 2] });
    return { concert, performanceId, alice: alice!, bob: bob!, held };
  }

  it('edge 9: paying someone else’s reservation, or with someone else’s token → FORBIDDEN; nothing changes', async () => {
    const { alice, bob, held } = await setup();
    const before = await stateOf(app.deps);
    const pay = (caller: ReturnType<typeof as>, key: string) =>
      failureOf(caller.payment.pay({ reservationId: held.reservationId, idempotencyKey: key }));
    expect((await pay(as(bob), 'bob-pays-alice-1')).code).toBe('FORBIDDEN');
    expect((await pay(as(bob, alice.queueToken), 'bob-with-alices-token')).code).toBe('FORBIDDEN');
    expect((await pay(as(alice, bob.queueToken), 'alice-with-bobs-token')).code).toBe('FORBIDDEN');
    expect(await stateOf(app.deps)).toEqual(before);
    // Alice can still pay afterwards: the refusals left no idempotency key or lock behind.
    await as(alice).payment.pay({ reservationId: held.reservationId, idempotencyKey: 'bob-pays-alice-1' });
  });

  it('a token for another concert, no token, unknown reservation, bad input → their own codes', async () => {
    const { alice, held } = await setup();
    const other = await makeConcert(app.deps);
    const { token: otherToken } = await as(alice).queue.join({ concertId: other.concertId });
    await forceAdmit(app.deps, otherToken, clock.now());
    const before = await stateOf(app.deps);
    const pay = (caller: ReturnType<typeof as>, input: { reservationId: string; idempotencyKey: string }) =>
      failureOf(caller.payment.pay(input));
    const key = 'rules-key-0001';
    expect(
      (await pay(as(alice, otherToken), { reservationId: held.reservationId, idempotencyKey: key })).code,
    ).toBe('QUEUE_WRONG_CONCERT');
    // No token: refused unless the reservation is the caller's live hold (which is payable whatever happened to
    // the token; docs/domain.md, "Recovery").
    expect(
      (
        await pay(app.caller({ sessionToken: alice.sessionToken }), {
          reservationId: '00000000-0000-4000-8000-00000000abcd',
          idempotencyKey: key,
        })
      ).code,
    ).toBe('QUEUE_TOKEN_MISSING');
    expect(
      (await pay(as(alice), { reservationId: '00000000-0000-4000-8000-00000000abcd', idempotencyKey: key }))
        .code,
    ).toBe('RESERVATION_NOT_FOUND');
    expect(await pay(as(alice), { reservationId: 'nope', idempotencyKey: key })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: ['reservationId'],
    });
    expect(
      await pay(as(alice), { reservationId: held.reservationId, idempotencyKey: 'short' }),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: ['idempotencyKey'],
    });
    expect(
      (await failureOf(app.caller().payment.pay({ reservationId: held.reservationId, idempotencyKey: key })))
        .code,
    ).toBe('UNAUTHENTICATED');
    expect(await stateOf(app.deps)).toEqual(before);
  });

  it('insufficient balance → INSUFFICIENT_BALANCE, nothing debited; a cancelled reservation is not payable', async () => {
    const { alice, held } = await setup(1_000);
    const before = await stateOf(app.deps);
    expect(
      await failureOf(
        as(alice).payment.pay({ reservationId: held.reservationId, idempotencyKey: 'poor-key-0001' }),
      ),
    ).toMatchObject({ code: 'INSUFFICIENT_BALANCE', details: { required: held.totalPrice, balance: 1_000 } });
    expect(await stateOf(app.deps)).toEqual(before);
    await as(alice).reservation.cancel({ reservationId: held.reservationId });
    expect(
      (
        await failureOf(
          as(alice).payment.pay({ reservationId: held.reservationId, idempotencyKey: 'poor-key-0002' }),
        )
      ).code,
    ).toBe('RESERVATION_NOT_PAYABLE');
  });

  it('pays, expires the token, and shows the payment to its owner only', async () => {
    const { alice, bob, held, performanceId } = await setup();
    const paid = await as(alice).payment.pay({
      reservationId: held.reservationId,
      idempotencyKey: 'good-key-0001',
    });
    expect(paid).toEqual({
      paymentId: expect.any(String) as string,
      reservationId: held.reservationId,
      amount: held.totalPrice,
      balance: 1_000_000 - held.totalPrice,
      paidAt: clock.now(),
    });
    expect((await app.deps.queue.inspect(alice.queueToken, clock.now()))?.status).toBe('EXPIRED');
    // A second payment with a fresh key after the token expired says what happened: ALREADY_PAID.
    expect(
      (
        await failureOf(
          as(alice).payment.pay({ reservationId: held.reservationId, idempotencyKey: 'good-key-0002' }),
        )
      ).code,
    ).toBe('ALREADY_PAID');
    expect(await as(alice).payment.get({ paymentId: paid.paymentId })).toEqual({
      paymentId: paid.paymentId,
      reservationId: held.reservationId,
      amount: held.totalPrice,
      paidAt: paid.paidAt,
      reservationStatus: 'PAID',
    });
    expect((await failureOf(as(bob).payment.get({ paymentId: paid.paymentId }))).code).toBe('FORBIDDEN');
    expect(
      (await failureOf(as(bob).payment.get({ paymentId: '00000000-0000-4000-8000-00000000abcd' }))).code,
    ).toBe('PAYMENT_NOT_FOUND');
    const seats = await as(bob).concert.seats({ performanceId });
    expect(seatsWith(seats, 'TAKEN')).toEqual([1, 2]);
    expect((await as(alice).reservation.get({ reservationId: held.reservationId })).status).toBe('PAID');
  });
});
