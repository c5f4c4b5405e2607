/**
 * The world the reservation error cases run against: one server on PostgreSQL + Redis, a 10-seat performance,
 * three admitted buyers (Alice holds seat 1, Carol has paid for seat 2, Bob has nothing), one buyer admitted to
 * another concert, raw calls as any of them, and a snapshot of everything a refused call must leave as it was.
 */
import { closeDeps, createConfig, createDeps, systemClock, type Deps } from '@tix/api';
import { makeBuyers, makeConcert, testSessionSecret, type Buyer } from '@tix/api/testing';
import { parseEnv, startServer, type RunningServer } from '../../src/index.js';
import { createSharedBackends, type SharedBackends } from './backends.js';
import { rawCall, type RawResult } from './raw-trpc.js';

export interface ReservationWorld {
  alice: Buyer;
  bob: Buyer;
  carol: Buyer;
  elsewhere: Buyer;
  performanceId: string;
  /** Alice's HELD reservation. */
  reservationId: string;
  /** Carol's PAID reservation and its payment. */
  carolsReservationId: string;
  paymentId: string;
  /** A raw tRPC call as `who` (null: no session), with their queue token unless another is given. */
  call(
    who: Buyer | null,
    kind: 'query' | 'mutation',
    path: string,
    input: unknown,
    queueToken?: string | null,
  ): Promise<RawResult>;
  snapshot(): Promise<unknown>;
  close(): Promise<void>;
}

export async function startReservationWorld(): Promise<ReservationWorld> {
  const backends: SharedBackends = await createSharedBackends({ DATABASE_POOL_SIZE: '5' });
  const server: RunningServer = await startServer(
    parseEnv({ ...backends.env, PORT: '0', LOG_LEVEL: 'silent', RUN_JOBS: 'false' }),
  );
  const deps: Deps = createDeps({
    db: backends.database.handle.db,
    redis: backends.redis.redis,
    clock: systemClock,
    config: createConfig({ sessionSecret: testSessionSecret }),
  });

  const call: ReservationWorld['call'] = (who, kind, path, input, queueToken = who?.queueToken ?? null) =>
    rawCall(server.url, kind, path, input, {
      ...(who ? { authorization: `Bearer ${who.sessionToken}` } : {}),
      ...(queueToken ? { 'x-queue-token': queueToken } : {}),
    });

  const concert = await makeConcert(deps, {
    performances: [{ startsAt: new Date(Date.now() + 30 * 86_400_000), seats: 10 }],
  });
  const other = await makeConcert(deps);
  const performanceId = concert.performances[0]!.performanceId;
  const [alice, bob, carol] = (await makeBuyers(deps, 3, {
    funds: 1_000_000,
    admitTo: concert.concertId,
  })) as [Buyer, Buyer, Buyer];
  const [elsewhere] = (await makeBuyers(deps, 1, { admitTo: other.concertId })) as [Buyer];
  const held = await call(alice, 'mutation', 'reservation.hold', { performanceId, seatNos: [1] });
  const reservationId = (held.body.result!.data!.json as { reservationId: string }).reservationId;
  // Carol pays for seat 2, so payment.get has someone else's payment to refuse.
  const carols = await call(carol, 'mutation', 'reservation.hold', { performanceId, seatNos: [2] });
  const carolsReservationId = (carols.body.result!.data!.json as { reservationId: string }).reservationId;
  const paid = await call(carol, 'mutation', 'payment.pay', {
    reservationId: carolsReservationId,
    idempotencyKey: 'errors-carol-pays',
  });
  const paymentId = (paid.body.result!.data!.json as { paymentId: string }).paymentId;

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

  return {
    alice,
    bob,
    carol,
    elsewhere,
    performanceId,
    reservationId,
    carolsReservationId,
    paymentId,
    call,
    snapshot,
    async close() {
      await server.close();
      await closeDeps(deps);
      await backends.cleanup();
    },
  };
}
