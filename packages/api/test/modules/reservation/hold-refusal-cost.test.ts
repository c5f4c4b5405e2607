/**
 * What a refused hold of a hot seat costs, counted on real PostgreSQL and Redis, on two servers (two Deps sharing
 * both): a seat the snapshot shows taken is refused SEAT_UNAVAILABLE, with the same details as SQL gives, without a
 * single PostgreSQL query; a crowd behind one hold on a server shares one snapshot read. The order of refusals the
 * pre-check keeps (docs/domain.md, "Seats and holds") is pinned here too.
 */
import type { Redis } from 'ioredis';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { createInnerContext } from '../../../src/context.js';
import { closeDeps, createDeps, type Deps } from '../../../src/deps.js';
import { createCaller } from '../../../src/router.js';
import {
  auditInvariants,
  cleanAudit,
  createTestApp,
  createTestQueueEngine,
  makeBuyers,
  makeConcert,
  testRateLimits,
  type Buyer,
  type TestApp,
} from '../../support/index.js';
import { countOutcomes, failureOf } from '../../support/outcomes.js';

/** A server whose PostgreSQL queries and Redis commands are counted (real connections; nothing is faked). */
function countedServer(app: TestApp) {
  const counts = { sql: 0, redis: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      counts.sql += 1;
      return node;
    },
    transformResult: ({ result }) => Promise.resolve(result),
  };
  const redis: Redis = app.redis!.redis.duplicate();
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (...args: Parameters<Redis['sendCommand']>) => {
    counts.redis += 1;
    return send(...args);
  };
  const deps = createDeps({
    db: app.deps.db.withPlugin(plugin),
    redis,
    clock: app.clock,
    config: app.deps.config,
    queue: createTestQueueEngine(redis),
  });
  return {
    deps,
    counts,
    async close() {
      await closeDeps(deps);
      redis.disconnect();
    },
  };
}

describe('a refused hold of a hot seat, on two servers', () => {
  const clock = new ManualClock();
  let app: TestApp;
  let server: ReturnType<typeof countedServer>;

  beforeAll(async () => {
    app = await createTestApp({ clock });
    server = countedServer(app);
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  async function setup(buyers: number) {
    const concert = await makeConcert(app.deps, {
      maxSeatsPerOrder: 4,
      performances: [{ startsAt: new Date(clock.now().getTime() + 30 * 86_400_000), seats: 10 }],
    });
    const performanceId = concert.performances[0]!.performanceId;
    const users = await makeBuyers(app.deps, buyers, { admitTo: concert.concertId });
    const on = (deps: Deps, b: Buyer) =>
      createCaller(createInnerContext(deps, { sessionToken: b.sessionToken, queueToken: b.queueToken }));
    return { performanceId, users, on };
  }

  it('refuses a seat taken on the other server without a PostgreSQL query, with the details SQL gives', async () => {
    const { performanceId, users, on } = await setup(4);
    const [alice, bob, carol] = users as [Buyer, Buyer, Buyer];
    const held = await on(app.deps, alice).reservation.hold({ performanceId, seatNos: [3, 5] });
    // Warm the counted server's memo of the performance and venue (read once per server, never again).
    await on(server.deps, carol).concert.seats({ performanceId });

    const before = { ...server.counts };
    const refused = await failureOf(
      on(server.deps, bob).reservation.hold({ performanceId, seatNos: [5, 3] }),
    );
    expect(refused).toMatchObject({ code: 'SEAT_UNAVAILABLE', details: { seatNos: [3, 5] } });
    expect(server.counts.sql - before.sql).toBe(0);
    // The queue token's check and one snapshot read: a refusal from the snapshot spends no hold-limit point.
    expect(server.counts.redis - before.redis).toBeLessThanOrEqual(2);
    // Named by label, the same.
    const label = held.seats.find((seat) => seat.seatNo === 5)!.label;
    const byLabel = await failureOf(on(server.deps, bob).reservation.hold({ performanceId, seats: [label] }));
    expect(byLabel).toMatchObject({ code: 'SEAT_UNAVAILABLE', details: { seatNos: [5] } });
    expect(server.counts.sql - before.sql).toBe(0);

    // The same refusal from SQL when the snapshot cannot say: same code, same details.
    await app.deps.seatState.forget(`seats:${performanceId}`);
    await app.redis!.redis.del(`vhash:{seats:${performanceId}}`);
    const fromSql = await failureOf(on(app.deps, bob).reservation.hold({ performanceId, seatNos: [5, 3] }));
    expect(fromSql).toEqual(refused);
  });

  it('a crowd on both servers: one winner, and the late crowd costs no query and one snapshot read per wave', async () => {
    const n = 30;
    const { performanceId, users, on } = await setup(2 * n + 1);
    await on(server.deps, users[2 * n]!).concert.seats({ performanceId });
    const servers = [app.deps, server.deps];
    const rush = users
      .slice(0, n)
      .map((u, i) => on(servers[i % 2]!, u).reservation.hold({ performanceId, seatNos: [7] }));
    expect(await countOutcomes(rush)).toEqual({ OK: 1, SEAT_UNAVAILABLE: n - 1 });

    const before = { ...server.counts };
    const late = users
      .slice(n, 2 * n)
      .map((u) => on(server.deps, u).reservation.hold({ performanceId, seatNos: [7] }));
    expect(await countOutcomes(late)).toEqual({ SEAT_UNAVAILABLE: n });
    expect(server.counts.sql - before.sql).toBe(0);
    // Each refused hold: the token check. The snapshot is read by the first of a wave (those who reach the seat
    // while no other hold of it is in flight here) and then once by everyone who waited behind it, not once each;
    // the hold limit is spent only on the way to SQL (3 commands a hold at first, 2 and a little, now 1 and a little).
    expect(server.counts.redis - before.redis).toBeLessThan(1.5 * n);
    expect(await auditInvariants(app.deps.db, clock.now())).toEqual(cleanAudit);
  });

  it("keeps the order of refusals: HOLD_ALREADY_PENDING for one's own seat, SEAT_UNAVAILABLE before the rest", async () => {
    const { performanceId, users, on } = await setup(3);
    const [alice, bob, carol] = users as [Buyer, Buyer, Buyer];
    const held = await on(app.deps, alice).reservation.hold({ performanceId, seatNos: [1] });
    await on(app.deps, bob).reservation.hold({ performanceId, seatNos: [2] });
    // Her own seat is left to SQL, which says she already holds it, on either server.
    for (const deps of [app.deps, server.deps]) {
      expect(
        await failureOf(on(deps, alice).reservation.hold({ performanceId, seatNos: [1] })),
      ).toMatchObject({
        code: 'HOLD_ALREADY_PENDING',
        details: { reservationId: held.reservationId },
      });
      // A free seat: SQL again, the pending hold.
      expect((await failureOf(on(deps, alice).reservation.hold({ performanceId, seatNos: [3] }))).code).toBe(
        'HOLD_ALREADY_PENDING',
      );
      // Someone else's seat is refused from the snapshot first (chosen; docs/domain.md).
      expect(
        await failureOf(on(deps, alice).reservation.hold({ performanceId, seatNos: [2, 3] })),
      ).toMatchObject({
        code: 'SEAT_UNAVAILABLE',
        details: { seatNos: [2] },
      });
      // Too many seats: SQL's rule, unless one of them is someone else's (chosen; docs/domain.md).
      expect(
        (await failureOf(on(deps, carol).reservation.hold({ performanceId, seatNos: [4, 5, 6, 7, 8] }))).code,
      ).toBe('TOO_MANY_SEATS');
      expect(
        await failureOf(on(deps, carol).reservation.hold({ performanceId, seatNos: [1, 4, 5, 6, 7] })),
      ).toMatchObject({ code: 'SEAT_UNAVAILABLE', details: { seatNos: [1] } });
    }
  });
  it('spends the hold limit on the way to SQL only: snapshot refusals are free, then RATE_LIMITED before SQL', async () => {
    const { performanceId, users, on } = await setup(2);
    const [alice, bob] = users as [Buyer, Buyer];
    const tight = createDeps({
      db: app.deps.db,
      redis: app.redis!.redis,
      clock,
      config: {
        ...app.deps.config,
        rateLimits: { ...testRateLimits, holdPerUser: { points: 2, durationSeconds: 600 } },
      },
      queue: createTestQueueEngine(app.redis!.redis),
    });
    try {
      await on(app.deps, alice).reservation.hold({ performanceId, seatNos: [1] });
      // Ten refusals from the snapshot: no point spent.
      for (let i = 0; i < 10; i++) {
        expect((await failureOf(on(tight, bob).reservation.hold({ performanceId, seatNos: [1] }))).code).toBe(
          'SEAT_UNAVAILABLE',
        );
      }
      // Holds that go on to SQL spend one each, refused there or not.
      expect((await on(tight, bob).reservation.hold({ performanceId, seatNos: [2] })).status).toBe('HELD');
      expect((await failureOf(on(tight, bob).reservation.hold({ performanceId, seatNos: [3] }))).code).toBe(
        'HOLD_ALREADY_PENDING',
      );
      const limited = await failureOf(on(tight, bob).reservation.hold({ performanceId, seatNos: [4] }));
      expect(limited).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 'holdPerUser' } });
      // Someone else's seat is still answered from the snapshot, truthfully.
      expect((await failureOf(on(tight, bob).reservation.hold({ performanceId, seatNos: [1] }))).code).toBe(
        'SEAT_UNAVAILABLE',
      );
      // `best` goes on to SQL too, so it is limited the same way.
      const best = await failureOf(on(tight, bob).reservation.hold({ performanceId, best: { count: 1 } }));
      expect(best.code).toBe('RATE_LIMITED');
    } finally {
      await closeDeps(tight);
    }
  });
});
