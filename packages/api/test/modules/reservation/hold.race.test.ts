/**
 * Holds racing over separate PostgreSQL connections (the pool's), with the Redis queue engine: docs/domain.md
 * edge cases 1–3, one user's concurrent holds, and holds racing the sweeper. The audit runs after every test.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { createDeps } from '../../../src/deps.js';
import { makeBuyers, makeConcert, type Buyer } from '../../support/index.js';
import { sweepExpiredHolds } from '../../../src/modules/reservation/hold-sweeper.js';
import { auditedTestApp, countOutcomes } from '../../support/outcomes.js';

describe('reservation.hold under concurrency (PostgreSQL + Redis)', () => {
  const clock = new ManualClock();
  const app = auditedTestApp({ clock });

  async function setup(buyers: number, seats = 50) {
    const concert = await makeConcert(app.deps, {
      maxSeatsPerOrder: 4,
      performances: [{ startsAt: new Date(clock.now().getTime() + 30 * 86_400_000), seats }],
    });
    const performanceId = concert.performances[0]!.performanceId;
    const users = await makeBuyers(app.deps, buyers, { admitTo: concert.concertId });
    const as = (b: Buyer) => app.caller({ sessionToken: b.sessionToken, queueToken: b.queueToken });
    return { performanceId, users, as };
  }

  it('edge 1: 40 buyers hold the same seat at once → exactly one hold, the rest SEAT_UNAVAILABLE', async () => {
    const { performanceId, users, as } = await setup(40);
    const codes = await countOutcomes(
      users.map((u) => as(u).reservation.hold({ performanceId, seatNos: [7] })),
    );
    expect(codes).toEqual({ OK: 1, SEAT_UNAVAILABLE: 39 });
    const held = await app.deps.db
      .selectFrom('reservations')
      .select('id')
      .where('performance_id', '=', performanceId)
      .where('status', '=', 'HELD')
      .execute();
    expect(held).toHaveLength(1);
  });

  it('edge 2: overlapping multi-seat holds ([1,2,4] against [4]) → one wins, the loser holds nothing', async () => {
    const { performanceId, users, as } = await setup(20, 80);
    // Ten independent pairs, each on its own block of seats, all at once.
    const pairs = Array.from({ length: 10 }, (_, i) => {
      const base = i * 8;
      const a = users[2 * i]!;
      const b = users[2 * i + 1]!;
      return Promise.all([
        as(a)
          .reservation.hold({ performanceId, seatNos: [base + 1, base + 2, base + 4] })
          .then(
            () => 'A',
            () => 'a',
          ),
        as(b)
          .reservation.hold({ performanceId, seatNos: [base + 4] })
          .then(
            () => 'B',
            () => 'b',
          ),
      ]);
    });
    for (const outcome of await Promise.all(pairs)) expect(['A,b', 'a,B']).toContain(outcome.join(','));
    const seats = await app.deps.db
      .selectFrom('seats')
      .select(['seat_no', 'status', 'reservation_id'])
      .where('performance_id', '=', performanceId)
      .where('status', '=', 'HELD')
      .execute();
    // A winning A holds 3 seats, a winning B one: never a partial A.
    const byReservation = new Map<string, number>();
    for (const s of seats)
      byReservation.set(s.reservation_id!, (byReservation.get(s.reservation_id!) ?? 0) + 1);
    for (const n of byReservation.values()) expect([1, 3]).toContain(n);
  });

  it('edge 3: 40 buyers hold different seats at once → all succeed', async () => {
    const { performanceId, users, as } = await setup(40);
    const codes = await countOutcomes(
      users.map((u, i) => as(u).reservation.hold({ performanceId, seatNos: [i + 1] })),
    );
    expect(codes).toEqual({ OK: 40 });
  });

  it('one buyer holding twice at once on different seats → one hold, the other HOLD_ALREADY_PENDING', async () => {
    const { performanceId, users, as } = await setup(1);
    const me = as(users[0]!);
    const codes = await countOutcomes(
      [1, 2, 3, 4, 5].map((n) => me.reservation.hold({ performanceId, seatNos: [n] })),
    );
    expect(codes).toEqual({ OK: 1, HOLD_ALREADY_PENDING: 4 });
  });

  it('holds on expired seats racing three sweepers: each seat ends with one live hold, every reservation once', async () => {
    const { performanceId, users, as } = await setup(40);
    const first = users.slice(0, 20);
    const second = users.slice(20);
    await Promise.all(first.map((u, i) => as(u).reservation.hold({ performanceId, seatNos: [i + 1] })));
    clock.advance(301);
    const dueHolds = () =>
      app.deps.db
        .selectFrom('reservations')
        .select('id')
        .where('status', '=', 'HELD')
        .where('expires_at', '<=', clock.now())
        .execute();
    const due = (await dueHolds()).length; // this test's 20, plus earlier tests' holds
    const sweepers = [0, 1, 2].map(() =>
      createDeps({ db: app.deps.db, redis: null, clock, config: app.deps.config }),
    );
    const [holds, ...swept] = await Promise.all([
      countOutcomes(second.map((u, i) => as(u).reservation.hold({ performanceId, seatNos: [i + 1] }))),
      ...sweepers.map((d) => sweepExpiredHolds(d, { batchSize: 3 })),
    ]);
    expect(holds).toEqual({ OK: 20 });
    // Every due reservation expired exactly once across the three sweepers (SKIP LOCKED: no double work).
    expect(swept.reduce((a, b) => a + b, 0)).toBe(due);
    expect(await dueHolds()).toEqual([]);
    const seats = await app.deps.db
      .selectFrom('seats as s')
      .innerJoin('reservations as r', 'r.id', 's.reservation_id')
      .select(['s.status', 'r.user_id'])
      .where('s.performance_id', '=', performanceId)
      .execute();
    expect(seats).toHaveLength(20);
    expect(seats.every((s) => s.status === 'HELD' && second.some((u) => u.id === s.user_id))).toBe(true);
  });
});
