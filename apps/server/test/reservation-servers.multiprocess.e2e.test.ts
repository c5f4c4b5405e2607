/**
 * Holds and payments across three server processes on one PostgreSQL and Redis, through the SDK: docs/domain.md
 * edge cases 1, 2, 6 and 9 where the racing requests land on different servers, live seat events crossing
 * servers, and 1,000 concurrent holds on one seat. The audit runs after every race. How fast those 1,000 holds
 * are answered, and the servers' CPU per hold, are the bench's hot-seat scenario (`pnpm bench --only hot-seat`).
 */
import { closeDeps, createConfig, createDeps, systemClock, type Deps } from '@tix/api';
import {
  auditInvariants,
  cleanAudit,
  makeBuyers,
  makeConcert,
  testSessionSecret,
  timeBudgetMs,
  type Buyer,
} from '@tix/api/testing';
import { createClient, domainErrorOf } from '@tix/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { rawCall } from './support/raw-trpc.js';
import { serverStartBudgetMs, spawnServers, type ServerProcess } from './support/spawn-server.js';

/** Three servers starting together, and the shared backends before them. */
const startMs = serverStartBudgetMs(3) + 30_000;
const HOT_SEAT_BUYERS = 1000;
/** Each buyer is a row, a join and an admission, then one HTTP hold: well under 100 ms each on a loaded machine. */
const hotSeat = { timeout: timeBudgetMs({ fixedMs: 30_000, units: HOT_SEAT_BUYERS, msEach: 100 }) };

describe('reservations across three server processes', () => {
  let backends: SharedBackends;
  let servers: ServerProcess[];
  let deps: Deps;

  beforeAll(async () => {
    backends = await createSharedBackends({ DATABASE_POOL_SIZE: '10' });
    servers = await spawnServers(3, backends.env);
    // The test's own view of the shared backends, for fixtures (concerts, buyers admitted through the engine).
    deps = createDeps({
      db: backends.database.handle.db,
      redis: backends.redis.redis,
      clock: systemClock,
      config: createConfig({ sessionSecret: testSessionSecret }),
    });
  }, startMs);
  afterEach(async () => {
    expect(await auditInvariants(backends.database.handle.db)).toEqual(cleanAudit);
  });
  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    if (deps) await closeDeps(deps);
    await backends?.cleanup();
  });

  /** An SDK client for buyer `i`, on server i mod 3. */
  const client = (b: Buyer, i: number) =>
    createClient({
      url: servers[i % 3]!.url,
      sessionToken: b.sessionToken,
      queueToken: b.queueToken,
      batch: false,
    });

  async function setup(buyers: number, funds = 0) {
    const concert = await makeConcert(deps, {
      performances: [{ startsAt: new Date(Date.now() + 30 * 86_400_000), seats: 100 }],
    });
    const users = await makeBuyers(deps, buyers, { funds, admitTo: concert.concertId });
    return { performanceId: concert.performances[0]!.performanceId, users };
  }

  async function codesOf(calls: Array<Promise<unknown>>) {
    const outcomes = await Promise.all(
      calls.map((c) =>
        c.then(
          () => 'OK',
          (e: unknown) => domainErrorOf(e)?.domainCode ?? String(e),
        ),
      ),
    );
    const codes: Record<string, number> = {};
    for (const code of outcomes) codes[code] = (codes[code] ?? 0) + 1;
    return codes;
  }

  it('edge 1: 60 buyers on three servers hold one seat → one hold, 59 SEAT_UNAVAILABLE', async () => {
    const { performanceId, users } = await setup(60);
    const codes = await codesOf(
      users.map((u, i) => client(u, i).reservation.hold.mutate({ performanceId, seatNos: [1] })),
    );
    expect(codes).toEqual({ OK: 1, SEAT_UNAVAILABLE: 59 });
  });

  it('edge 2: [1,2,4] against [4] on different servers, 10 pairs at once → one of each pair wins whole', async () => {
    const { performanceId, users } = await setup(20);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const base = i * 8;
        return Promise.all([
          client(users[2 * i]!, i)
            .reservation.hold.mutate({ performanceId, seatNos: [base + 1, base + 2, base + 4] })
            .then(
              () => 'A',
              () => 'a',
            ),
          client(users[2 * i + 1]!, i + 1)
            .reservation.hold.mutate({ performanceId, seatNos: [base + 4] })
            .then(
              () => 'B',
              () => 'b',
            ),
        ]);
      }),
    );
    for (const o of outcomes) expect(['A,b', 'a,B']).toContain(o.join(','));
  });

  it('edge 6 and 9: one reservation paid five times over three servers; someone else’s refused', async () => {
    const { performanceId, users } = await setup(2, 1_000_000);
    const [me, other] = users as [Buyer, Buyer];
    const held = await client(me, 0).reservation.hold.mutate({ performanceId, seatNos: [50] });
    const forbidden = await client(other, 1)
      .payment.pay.mutate({ reservationId: held.reservationId, idempotencyKey: 'other-pays-key' })
      .catch((e: unknown) => domainErrorOf(e)?.domainCode);
    expect(forbidden).toBe('FORBIDDEN');
    const codes = await codesOf(
      [0, 1, 2, 3, 4].map((i) =>
        client(me, i).payment.pay.mutate({
          reservationId: held.reservationId,
          idempotencyKey: `multi-pay-${i}`,
        }),
      ),
    );
    expect(codes).toEqual({ OK: 1, ALREADY_PAID: 4 });
    expect(await client(me, 2).wallet.balance.query()).toEqual({ balance: 1_000_000 - held.totalPrice });
  });

  it('a hold on one server reaches a seat map watched on another', async () => {
    const { performanceId, users } = await setup(2);
    const [watcher, holder] = users as [Buyer, Buyer];
    const seen: Array<{ seatNo: number; available: boolean }> = [];
    const live = new Promise<void>((resolve, reject) => {
      const sub = client(watcher, 0).concert.seatEvents.subscribe(
        { performanceId },
        {
          onData: (event) => {
            if (event.snapshot) {
              void client(holder, 2).reservation.hold.mutate({ performanceId, seatNos: [10, 11] });
              return;
            }
            seen.push(...event.seats);
            if (seen.length >= 2) {
              sub.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    await live;
    expect(seen).toEqual([
      { seatNo: 10, available: false },
      { seatNo: 11, available: false },
    ]);
  });

  it('holds one seat for exactly one of 1,000 buyers on three servers', hotSeat, async () => {
    const { performanceId, users } = await setup(HOT_SEAT_BUYERS);
    const codes: Record<string, number> = {};
    await Promise.all(
      users.map(async (u, i) => {
        const res = await rawCall(
          servers[i % 3]!.url,
          'mutation',
          'reservation.hold',
          { performanceId, seatNos: [42] },
          { authorization: `Bearer ${u.sessionToken}`, 'x-queue-token': u.queueToken },
        );
        const code =
          res.status === 200 ? 'OK' : (res.body.error?.json?.data.domainCode ?? `HTTP ${res.status}`);
        codes[code] = (codes[code] ?? 0) + 1;
      }),
    );
    expect(codes).toEqual({ OK: 1, SEAT_UNAVAILABLE: 999 });
  });

  it(
    'holds a 100-place standing area for exactly 100 of 1,000 buyers on three servers',
    hotSeat,
    async () => {
      const concert = await makeConcert(deps, {
        performances: [
          {
            startsAt: new Date(Date.now() + 30 * 86_400_000),
            venue: {
              sections: [
                {
                  kind: 'SEATED',
                  sectionId: 'A',
                  name: 'Section A',
                  x: 0,
                  y: 0,
                  width: 100,
                  height: 20,
                  grade: 'R',
                  rows: [{ label: '1', count: 10 }],
                },
                {
                  kind: 'STANDING',
                  sectionId: 'PIT',
                  name: 'Pit',
                  x: 0,
                  y: 40,
                  width: 100,
                  height: 50,
                  grade: 'GA',
                  capacity: 100,
                },
              ],
            },
            prices: { R: 50_000, GA: 30_000 },
          },
        ],
      });
      const performanceId = concert.performances[0]!.performanceId;
      const users = await makeBuyers(deps, HOT_SEAT_BUYERS, { admitTo: concert.concertId });
      const codes: Record<string, number> = {};
      await Promise.all(
        users.map(async (u, i) => {
          const res = await rawCall(
            servers[i % 3]!.url,
            'mutation',
            'reservation.hold',
            { performanceId, standing: { sectionId: 'PIT', count: 1 } },
            { authorization: `Bearer ${u.sessionToken}`, 'x-queue-token': u.queueToken },
          );
          const code =
            res.status === 200 ? 'OK' : (res.body.error?.json?.data.domainCode ?? `HTTP ${res.status}`);
          codes[code] = (codes[code] ?? 0) + 1;
        }),
      );
      expect(codes).toEqual({ OK: 100, STANDING_UNAVAILABLE: 900 });
      const held = await deps.db
        .selectFrom('seats')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('performance_id', '=', performanceId)
        .where('status', '=', 'HELD')
        .executeTakeFirstOrThrow();
      expect(Number(held.n)).toBe(100);
      // Every server's availability agrees: the area is full, the seats untouched.
      for (const [i, u] of users.slice(0, 3).entries()) {
        const seats = await client(u, i).concert.seats.query({ performanceId });
        expect(seats.standing).toEqual([{ sectionId: 'PIT', capacity: 100, available: 0 }]);
      }
    },
  );
});
