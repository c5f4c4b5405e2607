/**
 * Bad inputs to every reservation, payment and seat procedure over real HTTP (raw tRPC, so wrong types reach the
 * server): each gets its HTTP status, its domainCode and, for validation, the field at fault — never a 500 — and
 * the database is unchanged afterwards. Edge cases 9, 10 (wrong concert) and 14 at the HTTP level.
 */
import { closeDeps, createConfig, createDeps, systemClock, type Deps } from '@tix/api';
import { makeBuyers, makeConcert, testSessionSecret, type Buyer } from '@tix/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv, startServer, type RunningServer } from '../src/index.js';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { rawCall } from './support/raw-trpc.js';

const unknownId = '00000000-0000-4000-8000-00000000beef';

describe('reservation and payment errors over HTTP', () => {
  let backends: SharedBackends;
  let server: RunningServer;
  let deps: Deps;
  let alice: Buyer;
  let bob: Buyer;
  let carol: Buyer;
  let elsewhere: Buyer;
  let performanceId: string;
  let reservationId: string;
  let paymentId: string;
  let carolsReservationId: string;
  const carolsReservation = () => carolsReservationId;

  beforeAll(async () => {
    backends = await createSharedBackends({ DATABASE_POOL_SIZE: '5' });
    server = await startServer(
      parseEnv({ ...backends.env, PORT: '0', LOG_LEVEL: 'silent', RUN_JOBS: 'false' }),
    );
    deps = createDeps({
      db: backends.database.handle.db,
      redis: backends.redis.redis,
      clock: systemClock,
      config: createConfig({ sessionSecret: testSessionSecret }),
    });
    const concert = await makeConcert(deps, {
      performances: [{ startsAt: new Date(Date.now() + 30 * 86_400_000), seats: 10 }],
    });
    const other = await makeConcert(deps);
    performanceId = concert.performances[0]!.performanceId;
    [alice, bob, carol] = (await makeBuyers(deps, 3, { funds: 1_000_000, admitTo: concert.concertId })) as [
      Buyer,
      Buyer,
      Buyer,
    ];
    [elsewhere] = (await makeBuyers(deps, 1, { admitTo: other.concertId })) as [Buyer];
    const held = await call(alice, 'mutation', 'reservation.hold', { performanceId, seatNos: [1] });
    reservationId = (held.body.result!.data!.json as { reservationId: string }).reservationId;
    // Carol pays for seat 2, so payment.get has someone else's payment to refuse.
    const carols = await call(carol, 'mutation', 'reservation.hold', { performanceId, seatNos: [2] });
    const paid = await call(carol, 'mutation', 'payment.pay', {
      reservationId: (carols.body.result!.data!.json as { reservationId: string }).reservationId,
      idempotencyKey: 'errors-carol-pays',
    });
    paymentId = (paid.body.result!.data!.json as { paymentId: string }).paymentId;
    carolsReservationId = (carols.body.result!.data!.json as { reservationId: string }).reservationId;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    if (deps) await closeDeps(deps);
    await backends?.cleanup();
  });

  function call(
    who: Buyer | null,
    kind: 'query' | 'mutation',
    path: string,
    input: unknown,
    queueToken: string | null = who?.queueToken ?? null,
  ) {
    return rawCall(server.url, kind, path, input, {
      ...(who ? { authorization: `Bearer ${who.sessionToken}` } : {}),
      ...(queueToken ? { 'x-queue-token': queueToken } : {}),
    });
  }

  /** Everything a refused call must leave as it was. */
  async function snapshot() {
    const db = backends.database.handle.db;
    const count = async (table: 'reservations' | 'payments' | 'wallet_ledger') =>
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const seats = await db
      .selectFrom('seats')
      .select(['seat_no', 'status', 'reservation_id'])
      .where('performance_id', '=', performanceId)
      .orderBy('seat_no')
      .execute();
    const balances = await db
      .selectFrom('wallet_accounts')
      .select(['user_id', 'balance'])
      .orderBy('user_id')
      .execute();
    return {
      r: await count('reservations'),
      p: await count('payments'),
      l: await count('wallet_ledger'),
      seats,
      balances,
    };
  }

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
