/**
 * `concert.seats` from the seat snapshot (modules/concert/seat-availability.ts), on real PostgreSQL, with Redis shared
 * by two servers and with the in-process store: every change shows on the next read on either server, an expired
 * hold is free at once, a slow rebuild or a late write never shows an older state, doubt falls back to PostgreSQL,
 * and the losers of a hot seat are refused without a transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { createInnerContext } from '../../../src/context.js';
import { closeDeps, createDeps, type Deps } from '../../../src/deps.js';
import { Redis } from 'ioredis';
import { registry } from '../../../src/infra/metrics.js';
import { createRedisVersionedHashes } from '../../../src/infra/versioned-hash.js';
import { listSeatStates } from '../../../src/modules/concert/concert.queries.js';
import {
  REBUILD_AFTER_MS,
  SEAT_SNAPSHOT_CACHE,
  seatStateKey,
  toVersionedWrite,
} from '../../../src/modules/concert/seat-availability.js';
import { sweepExpiredHolds } from '../../../src/modules/reservation/hold-sweeper.js';
import { createCaller } from '../../../src/router.js';
import {
  auditInvariants,
  cleanAudit,
  createTestApp,
  makeBuyers,
  makeConcert,
  testRedisUrl,
  type Buyer,
  type TestApp,
  seatStatuses,
} from '../../support/index.js';
import { countOutcomes, failureOf } from '../../support/outcomes.js';

async function counter(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  const matches = metric?.values.filter((v) =>
    Object.entries(labels).every(([k, value]) => v.labels[k] === value),
  );
  return matches?.reduce((sum, v) => sum + v.value, 0) ?? 0;
}
const snapshotReads = (result: 'hit' | 'miss') =>
  counter('tix_cache_requests_total', { cache: SEAT_SNAPSHOT_CACHE, result });
const holdTransactions = () => counter('tix_hold_transactions_total');

describe.each([
  { mode: 'Redis shared by two servers', redis: true },
  { mode: 'the in-process store', redis: false },
])('seat availability with $mode', ({ redis }) => {
  const clock = new ManualClock();
  let app: TestApp;
  /** The second server: its own Deps (its own memo) on the same PostgreSQL and Redis; the same one without Redis. */
  let other: Deps;

  beforeAll(async () => {
    app = await createTestApp({ clock, redis });
    other = redis
      ? createDeps({ db: app.deps.db, redis: app.redis!.redis, clock, config: app.deps.config })
      : app.deps;
  });
  afterAll(async () => {
    if (other && other !== app.deps) await closeDeps(other);
    await app?.close();
  });

  async function setup(buyers: number, seats = 6) {
    const concert = await makeConcert(app.deps, {
      holdSeconds: 300,
      performances: [{ startsAt: new Date(clock.now().getTime() + 30 * 86_400_000), seats }],
    });
    const performanceId = concert.performances[0]!.performanceId;
    const users = await makeBuyers(app.deps, buyers, { funds: 1_000_000, admitTo: concert.concertId });
    const on = (deps: Deps, b: Buyer) =>
      createCaller(createInnerContext(deps, { sessionToken: b.sessionToken, queueToken: b.queueToken }));
    const statuses = async (deps: Deps, b: Buyer) =>
      seatStatuses(await on(deps, b).concert.seats({ performanceId }));
    return { performanceId, users, on, statuses };
  }

  /** Waits for the snapshot's completion mark to satisfy `ok` (it is written in the background). */
  async function markOf(performanceId: string, ok: (completedAt: number) => boolean) {
    for (let i = 0; i < 200; i++) {
      const mark = await app.deps.seatState.readVersion(seatStateKey(performanceId));
      if (mark && ok(mark.completedAt)) return mark;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the snapshot mark never came');
  }

  it('builds the snapshot when the performance is created: the first read finds it', async () => {
    const { performanceId, users, statuses } = await setup(1, 3);
    await markOf(performanceId, () => true);
    const misses = await snapshotReads('miss');
    const hits = await snapshotReads('hit');
    expect(await statuses(other, users[0]!)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE']);
    expect((await snapshotReads('hit')) - hits).toBe(1);
    expect((await snapshotReads('miss')) - misses).toBe(0);
  });

  it('serves a snapshot older than REBUILD_AFTER_MS, with every change, and rebuilds it behind the read', async () => {
    const { performanceId, users, on, statuses } = await setup(2, 2);
    const [alice, bob] = users as [Buyer, Buyer];
    await markOf(performanceId, () => true);
    const old = Date.now() - REBUILD_AFTER_MS - 1_000;
    await app.deps.seatState.write(seatStateKey(performanceId), [], old);
    const held = await on(app.deps, alice).reservation.hold({ performanceId, seatNos: [1] });
    const misses = await snapshotReads('miss');
    expect(await statuses(other, bob)).toEqual(['TAKEN', 'AVAILABLE']);
    expect((await snapshotReads('miss')) - misses).toBe(0);
    const mark = await markOf(performanceId, (at) => at > old + REBUILD_AFTER_MS);
    expect(Date.now() - mark.completedAt).toBeLessThan(REBUILD_AFTER_MS);
    expect(await statuses(other, bob)).toEqual(['TAKEN', 'AVAILABLE']);
    expect(await statuses(app.deps, alice)).toEqual(['MINE', 'AVAILABLE']);
    // Left held, it would expire under the next test's clock and count in its sweep.
    await on(app.deps, alice).reservation.cancel({ reservationId: held.reservationId });
  });

  it('shows every change on the next read, on the other server, without reading PostgreSQL', async () => {
    const { performanceId, users, on, statuses } = await setup(2, 3);
    const [alice, bob] = users as [Buyer, Buyer];
    expect(await statuses(other, bob)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE']);

    const hits = await snapshotReads('hit');
    const misses = await snapshotReads('miss');
    const held = await on(app.deps, alice).reservation.hold({ performanceId, seatNos: [1, 2] });
    expect(await statuses(other, bob)).toEqual(['TAKEN', 'TAKEN', 'AVAILABLE']);
    await on(app.deps, alice).reservation.cancel({ reservationId: held.reservationId });
    expect(await statuses(other, bob)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE']);

    const paid = await on(app.deps, alice).reservation.hold({ performanceId, seatNos: [3] });
    await on(app.deps, alice).payment.pay({
      reservationId: paid.reservationId,
      idempotencyKey: 'seats-pay-0001',
    });
    expect(await statuses(other, bob)).toEqual(['AVAILABLE', 'AVAILABLE', 'TAKEN']);
    await on(app.deps, alice).reservation.cancel({ reservationId: paid.reservationId });
    expect(await statuses(other, bob)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE']);
    // Every read after the first was answered from the snapshot.
    expect((await snapshotReads('hit')) - hits).toBe(4);
    expect((await snapshotReads('miss')) - misses).toBe(0);
    expect(await auditInvariants(app.deps.db, clock.now())).toEqual(cleanAudit);
  });

  it('frees an expired hold at once, before the sweeper, and the sweep changes nothing shown', async () => {
    const { performanceId, users, on, statuses } = await setup(2, 2);
    const [alice, bob] = users as [Buyer, Buyer];
    await on(app.deps, alice).reservation.hold({ performanceId, seatNos: [1] });
    clock.advance(299);
    expect(await statuses(other, bob)).toEqual(['TAKEN', 'AVAILABLE']);
    // Still held: refused from the snapshot, without a transaction.
    const before = await holdTransactions();
    expect((await failureOf(on(other, bob).reservation.hold({ performanceId, seatNos: [1] }))).code).toBe(
      'SEAT_UNAVAILABLE',
    );
    expect((await holdTransactions()) - before).toBe(0);

    clock.advance(1);
    expect(await statuses(other, bob)).toEqual(['AVAILABLE', 'AVAILABLE']);
    expect(await sweepExpiredHolds(app.deps)).toBe(1);
    expect(await statuses(other, bob)).toEqual(['AVAILABLE', 'AVAILABLE']);
    // Free at once means bookable at once: the snapshot does not refuse it, SQL takes it.
    const taken = await on(other, bob).reservation.hold({ performanceId, seatNos: [1] });
    expect(taken.status).toBe('HELD');
    expect(await statuses(app.deps, alice)).toEqual(['TAKEN', 'AVAILABLE']);
  });

  it('never shows an older state: a slow rebuild or a late write loses to the newer change', async () => {
    const { performanceId, users, on, statuses } = await setup(2, 2);
    const [alice, bob] = users as [Buyer, Buyer];
    expect(await statuses(other, bob)).toEqual(['AVAILABLE', 'AVAILABLE']);
    const key = seatStateKey(performanceId);

    // A rebuild reads PostgreSQL, then a hold commits and writes, then the rebuild writes what it read.
    const readBeforeHold = await listSeatStates(app.deps.db, performanceId);
    const held = await on(app.deps, alice).reservation.hold({ performanceId, seatNos: [1] });
    await other.seatState.write(key, readBeforeHold.map(toVersionedWrite), Date.now());
    expect(await statuses(other, bob)).toEqual(['TAKEN', 'AVAILABLE']);

    // The hold's own write arriving after the cancel that followed it (another server, slow to Redis).
    const readAfterHold = await listSeatStates(app.deps.db, performanceId);
    await on(app.deps, alice).reservation.cancel({ reservationId: held.reservationId });
    await other.seatState.write(key, readAfterHold.map(toVersionedWrite));
    expect(await statuses(other, bob)).toEqual(['AVAILABLE', 'AVAILABLE']);
  });

  it('writes and reads a snapshot of a stadium (60,000 places) whole', async () => {
    const key = seatStateKey(`stadium-${crypto.randomUUID()}`);
    const writes = Array.from({ length: 60_000 }, (_, i) => ({
      field: String(i + 1),
      version: '1',
      value: 'A',
    }));
    await other.seatState.write(key, writes, Date.now());
    const read = await other.seatState.readAll(key);
    expect(read?.values.size).toBe(60_000);
    expect(await other.seatState.readVersion(key)).toEqual({
      completedAt: read!.completedAt,
      version: read!.version,
    });
    if (redis) await app.redis!.redis.del(`vhash:{${key}}`);
  });

  it('reads every seat again only when the snapshot changed (its change count), and then shows the change', async () => {
    const { performanceId, users, on, statuses } = await setup(2, 2);
    const [alice, bob] = users as [Buyer, Buyer];
    let fullReads = 0;
    const store = app.deps.seatState;
    const counted: Deps = {
      ...app.deps,
      seatState: {
        ...store,
        readAll: (key) => {
          fullReads++;
          return store.readAll(key);
        },
      },
    };
    expect(await statuses(counted, bob)).toEqual(['AVAILABLE', 'AVAILABLE']);
    const first = fullReads;
    expect(await statuses(counted, bob)).toEqual(['AVAILABLE', 'AVAILABLE']);
    expect(fullReads).toBe(first);
    // A change from the other server moves the count: the next read decodes the whole snapshot again.
    await on(other, alice).reservation.hold({ performanceId, seatNos: [1] });
    expect(await statuses(counted, bob)).toEqual(['TAKEN', 'AVAILABLE']);
    expect(fullReads).toBe(first + 1);
    // An expired hold is free at once, from the kept decode (no write has happened).
    clock.advance(301);
    expect(await statuses(counted, bob)).toEqual(['AVAILABLE', 'AVAILABLE']);
    expect(fullReads).toBe(first + 1);
  });

  it('one worked-out map serves every reader their own places, and changes at each expiry and each change', async () => {
    const { performanceId, users, on, statuses } = await setup(3, 5);
    const [alice, bob, carol] = users as [Buyer, Buyer, Buyer];
    await on(app.deps, alice).reservation.hold({ performanceId, seatNos: [1] });
    clock.advance(100);
    await on(app.deps, bob).reservation.hold({ performanceId, seatNos: [3, 2] });
    // Three readers of the same snapshot on one server, each with their own places.
    expect(await statuses(other, alice)).toEqual(['MINE', 'TAKEN', 'TAKEN', 'AVAILABLE', 'AVAILABLE']);
    expect(await statuses(other, bob)).toEqual(['TAKEN', 'MINE', 'MINE', 'AVAILABLE', 'AVAILABLE']);
    expect(await statuses(other, carol)).toEqual(['TAKEN', 'TAKEN', 'TAKEN', 'AVAILABLE', 'AVAILABLE']);
    const answer = await on(other, bob).concert.seats({ performanceId });
    expect(answer.mine).toEqual({ seatNos: [2, 3], standing: [] });
    // An answer changed by its caller changes nobody else's.
    answer.mine.seatNos.push(5);
    expect((await on(other, bob).concert.seats({ performanceId })).mine.seatNos).toEqual([2, 3]);
    // Alice's hold runs out first (held 100 s before Bob's): at its expiry, not a moment later.
    clock.advance(199);
    expect(await statuses(other, carol)).toEqual(['TAKEN', 'TAKEN', 'TAKEN', 'AVAILABLE', 'AVAILABLE']);
    clock.advance(1);
    expect(await statuses(other, alice)).toEqual(['AVAILABLE', 'TAKEN', 'TAKEN', 'AVAILABLE', 'AVAILABLE']);
    expect(await statuses(other, bob)).toEqual(['AVAILABLE', 'MINE', 'MINE', 'AVAILABLE', 'AVAILABLE']);
    // A change on the other server shows on the next read, the same moment.
    await on(app.deps, carol).reservation.hold({ performanceId, seatNos: [5] });
    expect(await statuses(other, carol)).toEqual(['AVAILABLE', 'TAKEN', 'TAKEN', 'AVAILABLE', 'MINE']);
    clock.advance(100);
    expect(await statuses(other, bob)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'TAKEN']);
  });

  it('after a rebuild that wrote every seat, answers without reading them back; the next change is read', async () => {
    const { performanceId, users, on, statuses } = await setup(2, 3);
    const [alice, bob] = users as [Buyer, Buyer];
    const held = await on(app.deps, alice).reservation.hold({ performanceId, seatNos: [2] });
    await app.deps.seatState.forget(seatStateKey(performanceId));
    let fullReads = 0;
    const store = app.deps.seatState;
    // A server of its own (its own kept decode) on the same store, counting the reads of every seat.
    const counted: Deps = {
      ...app.deps,
      seatState: {
        ...store,
        readAll: (key) => {
          fullReads++;
          return store.readAll(key);
        },
      },
    };
    const misses = await snapshotReads('miss');
    expect(await statuses(counted, bob)).toEqual(['AVAILABLE', 'TAKEN', 'AVAILABLE']);
    expect(await statuses(counted, alice)).toEqual(['AVAILABLE', 'MINE', 'AVAILABLE']);
    expect((await snapshotReads('miss')) - misses).toBe(1);
    expect(fullReads).toBe(0);
    await on(other, alice).reservation.cancel({ reservationId: held.reservationId });
    expect(await statuses(counted, bob)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE']);
    expect(fullReads).toBe(1);
  });

  it('a write says whether the hash holds exactly what it wrote: not when a newer value stayed or came between', async () => {
    const store = other.seatState;
    const key = seatStateKey(`exact-${crypto.randomUUID()}`);
    const places = (n: number, version: string) =>
      Array.from({ length: n }, (_, i) => ({ field: String(i + 1), version, value: 'A' }));
    expect(await store.write(key, places(3, '5'), Date.now())).toEqual({ version: 1, exact: true });
    // The same versions again replace nothing: still exact, the count unchanged.
    expect(await store.write(key, places(3, '5'), Date.now())).toEqual({ version: 1, exact: true });
    await store.write(key, [{ field: '2', version: '7', value: 'S' }]);
    expect(await store.write(key, places(3, '6'), Date.now())).toEqual({ version: 3, exact: false });
    expect((await store.readAll(key))?.values.get('2')).toBe('S');

    // 9,000 fields go to Redis in three steps; a change sent meanwhile lands between two of them.
    const big = seatStateKey(`exact-${crypto.randomUUID()}`);
    const rebuild = store.write(big, places(9_000, '1'), Date.now());
    const change = store.write(big, [{ field: '1', version: '2', value: 'S' }]);
    const [outcome] = await Promise.all([rebuild, change]);
    // In process memory a write is one step, so nothing can come between.
    expect(outcome.exact).toBe(!redis);
    expect((await store.readAll(big))?.values.get('1')).toBe('S');
    if (redis) await app.redis!.redis.del(`vhash:{${key}}`, `vhash:{${big}}`);
  });

  it('falls back to PostgreSQL and rebuilds when the snapshot is gone or in doubt', async () => {
    const { performanceId, users, on, statuses } = await setup(2, 2);
    const [alice, bob] = users as [Buyer, Buyer];
    await on(app.deps, alice).reservation.hold({ performanceId, seatNos: [2] });
    await other.seatState.forget(seatStateKey(performanceId));
    if (redis) await app.redis!.redis.del(`vhash:{${seatStateKey(performanceId)}}`);
    const misses = await snapshotReads('miss');
    expect(await statuses(other, bob)).toEqual(['AVAILABLE', 'TAKEN']);
    expect((await snapshotReads('miss')) - misses).toBe(1);
    const hits = await snapshotReads('hit');
    expect(await statuses(app.deps, bob)).toEqual(['AVAILABLE', 'TAKEN']);
    expect((await snapshotReads('hit')) - hits).toBe(1);
  });

  it('answers from PostgreSQL, and holds still decide in SQL, when the snapshot store fails', async () => {
    if (!redis) return;
    const { performanceId, users, on, statuses } = await setup(2, 2);
    const [alice, bob] = users as [Buyer, Buyer];
    await on(app.deps, alice).reservation.hold({ performanceId, seatNos: [1] });
    const dead = new Redis(testRedisUrl, { keyPrefix: app.redis!.prefix, lazyConnect: true });
    dead.disconnect();
    const broken: Deps = { ...other, seatState: createRedisVersionedHashes(dead) };
    expect(await statuses(broken, bob)).toEqual(['TAKEN', 'AVAILABLE']);
    expect((await failureOf(on(broken, bob).reservation.hold({ performanceId, seatNos: [1] }))).code).toBe(
      'SEAT_UNAVAILABLE',
    );
    expect((await on(broken, bob).reservation.hold({ performanceId, seatNos: [2] })).status).toBe('HELD');
    // That server could not write the shared snapshot (nor drop its mark), so the others learn of this hold at the
    // next rebuild (REBUILD_AFTER_MS at the latest, the one gap the design leaves); after one, they show it.
    await other.seatState.forget(seatStateKey(performanceId));
    expect(await statuses(other, alice)).toEqual(['MINE', 'TAKEN']);
  });

  it('hot seat: one winner, every loser SEAT_UNAVAILABLE, a few transactions for the rush, none for the late crowd', async () => {
    const n = 40;
    const { performanceId, users, on, statuses } = await setup(2 * n, 4);
    const servers = [app.deps, other];
    expect(await statuses(other, users[0]!)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'AVAILABLE']);

    const first = await holdTransactions();
    const rush = users
      .slice(0, n)
      .map((u, i) => on(servers[i % 2]!, u).reservation.hold({ performanceId, seatNos: [3] }));
    expect(await countOutcomes(rush)).toEqual({ OK: 1, SEAT_UNAVAILABLE: n - 1 });
    const rushTransactions = (await holdTransactions()) - first;

    const second = await holdTransactions();
    const late = users
      .slice(n)
      .map((u, i) => on(servers[i % 2]!, u).reservation.hold({ performanceId, seatNos: [3] }));
    expect(await countOutcomes(late)).toEqual({ SEAT_UNAVAILABLE: n });
    expect((await holdTransactions()) - second).toBe(0);
    // The rush itself: each server sends one hold of the seat to PostgreSQL at a time (hold-flights.ts), so only a
    // few transactions open, whatever n is.
    expect(rushTransactions).toBeGreaterThanOrEqual(1);
    expect(rushTransactions).toBeLessThanOrEqual(4);
    expect(await auditInvariants(app.deps.db, clock.now())).toEqual(cleanAudit);
  });
});
