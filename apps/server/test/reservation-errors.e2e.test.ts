/**
 * Bad inputs to every reservation, payment and seat procedure over real HTTP (raw tRPC, so wrong types reach the
 * server): each gets its HTTP status, its domainCode and, for validation, the field at fault — never a 500 — and
 * the database is unchanged afterwards. Edge cases 9, 10 (wrong concert) and 14 of docs/domain.md at the HTTP
 * level.
 */
import type { Buyer } from '@tix/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReservationWorld, type ReservationWorld } from './support/reservation-world.js';

const unknownId = '00000000-0000-4000-8000-00000000beef';

describe('reservation and payment errors over HTTP', () => {
  let world: ReservationWorld;
  let alice: Buyer;
  let bob: Buyer;
  let carol: Buyer;
  let elsewhere: Buyer;
  let performanceId: string;
  let reservationId: string;
  let paymentId: string;
  const carolsReservation = () => world.carolsReservationId;

  beforeAll(async () => {
    world = await startReservationWorld();
    ({ alice, bob, carol, elsewhere, performanceId, reservationId, paymentId } = world);
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  const call: ReservationWorld['call'] = (...args) => world.call(...args);
  const snapshot = () => world.snapshot();

  const cases: Array<[string, () => ReturnType<typeof call>, number, string, string[]?]> = [
    [
      'hold: duplicate seats',
      () => call(alice, 'mutation', 'reservation.hold', { performanceId, seatNos: [3, 3] }),
      400,
      'VALIDATION_FAILED',
      ['seatNos'],
    ],
    [
      'hold: seat 0',
      () => call(alice, 'mutation', 'reservation.hold', { performanceId, seatNos: [0] }),
      400,
      'VALIDATION_FAILED',
      ['seatNos.0'],
    ],
    [
      'hold: seat as a string',
      () => call(alice, 'mutation', 'reservation.hold', { performanceId, seatNos: ['3'] }),
      400,
      'VALIDATION_FAILED',
      ['seatNos.0'],
    ],
    [
      'hold: no seats',
      () => call(alice, 'mutation', 'reservation.hold', { performanceId, seatNos: [] }),
      400,
      'VALIDATION_FAILED',
      ['seatNos'],
    ],
    [
      'hold: beyond the layout',
      () => call(bob, 'mutation', 'reservation.hold', { performanceId, seatNos: [11] }),
      404,
      'SEAT_NOT_FOUND',
      ['seatNos'],
    ],
    [
      'hold: too many seats',
      () => call(bob, 'mutation', 'reservation.hold', { performanceId, seatNos: [3, 4, 5, 6, 7] }),
      422,
      'TOO_MANY_SEATS',
      ['seatNos'],
    ],
    [
      'hold: unknown performance',
      () => call(bob, 'mutation', 'reservation.hold', { performanceId: unknownId, seatNos: [3] }),
      404,
      'PERFORMANCE_NOT_FOUND',
    ],
    [
      'hold: a seat already held',
      () => call(bob, 'mutation', 'reservation.hold', { performanceId, seatNos: [1] }),
      409,
      'SEAT_UNAVAILABLE',
    ],
    [
      'hold: a second pending hold',
      () => call(alice, 'mutation', 'reservation.hold', { performanceId, seatNos: [5] }),
      409,
      'HOLD_ALREADY_PENDING',
    ],
    [
      'hold: token of another concert',
      () => call(elsewhere, 'mutation', 'reservation.hold', { performanceId, seatNos: [3] }),
      403,
      'QUEUE_WRONG_CONCERT',
    ],
    [
      'hold: no queue token',
      () => call(bob, 'mutation', 'reservation.hold', { performanceId, seatNos: [3] }, null),
      401,
      'QUEUE_TOKEN_MISSING',
    ],
    [
      'hold: no session',
      () => call(null, 'mutation', 'reservation.hold', { performanceId, seatNos: [3] }),
      401,
      'UNAUTHENTICATED',
    ],
    [
      'seats: token of another concert',
      () => call(elsewhere, 'query', 'concert.seats', { performanceId }),
      403,
      'QUEUE_WRONG_CONCERT',
    ],
    [
      'seats: unknown performance',
      () => call(alice, 'query', 'concert.seats', { performanceId: unknownId }),
      404,
      'PERFORMANCE_NOT_FOUND',
    ],
    [
      'pay: someone else’s reservation',
      () => call(bob, 'mutation', 'payment.pay', { reservationId, idempotencyKey: 'errors-key-001' }),
      403,
      'FORBIDDEN',
    ],
    [
      'pay: someone else’s queue token',
      () =>
        call(
          alice,
          'mutation',
          'payment.pay',
          { reservationId, idempotencyKey: 'errors-key-002' },
          bob.queueToken,
        ),
      403,
      'FORBIDDEN',
    ],
    [
      'pay: already paid, token ended',
      () =>
        call(carol, 'mutation', 'payment.pay', {
          reservationId: carolsReservation(),
          idempotencyKey: 'errors-key-005',
        }),
      409,
      'ALREADY_PAID',
    ],
    [
      'pay: unknown reservation',
      () =>
        call(alice, 'mutation', 'payment.pay', {
          reservationId: unknownId,
          idempotencyKey: 'errors-key-003',
        }),
      404,
      'RESERVATION_NOT_FOUND',
    ],
    [
      'pay: no idempotency key',
      () => call(alice, 'mutation', 'payment.pay', { reservationId }),
      400,
      'VALIDATION_FAILED',
      ['idempotencyKey'],
    ],
    [
      'pay: reservation id not a uuid',
      () => call(alice, 'mutation', 'payment.pay', { reservationId: 42, idempotencyKey: 'errors-key-004' }),
      400,
      'VALIDATION_FAILED',
      ['reservationId'],
    ],
    [
      'payment.get: someone else’s',
      () => call(alice, 'query', 'payment.get', { paymentId }),
      403,
      'FORBIDDEN',
    ],
    [
      'payment.get: unknown',
      () => call(alice, 'query', 'payment.get', { paymentId: unknownId }),
      404,
      'PAYMENT_NOT_FOUND',
    ],
    [
      'get: someone else’s reservation',
      () => call(bob, 'query', 'reservation.get', { reservationId }),
      403,
      'FORBIDDEN',
    ],
    [
      'get: unknown reservation',
      () => call(bob, 'query', 'reservation.get', { reservationId: unknownId }),
      404,
      'RESERVATION_NOT_FOUND',
    ],
    [
      'cancel: someone else’s reservation',
      () => call(bob, 'mutation', 'reservation.cancel', { reservationId }),
      403,
      'FORBIDDEN',
    ],
    [
      'cancel: unknown reservation',
      () => call(bob, 'mutation', 'reservation.cancel', { reservationId: unknownId }),
      404,
      'RESERVATION_NOT_FOUND',
    ],
    [
      'list: unknown status',
      () => call(bob, 'query', 'reservation.list', { status: 'LOST' }),
      400,
      'VALIDATION_FAILED',
      ['status'],
    ],
    [
      'list: limit 0',
      () => call(bob, 'query', 'reservation.list', { limit: 0 }),
      400,
      'VALIDATION_FAILED',
      ['limit'],
    ],
    [
      'list: a made-up cursor',
      () => call(bob, 'query', 'reservation.list', { cursor: 'made-up' }),
      400,
      'VALIDATION_FAILED',
      ['cursor'],
    ],
  ];

  it.each(cases)('%s: the right code, nothing changed', async (_name, run, status, domainCode, fields) => {
    const before = await snapshot();
    const res = await run();
    expect(res.status).toBe(status);
    expect(res.body.error?.json?.data.domainCode).toBe(domainCode);
    if (fields) expect(res.body.error?.json?.data.fields).toEqual(fields);
    expect(await snapshot()).toEqual(before);
  });
});
