/** Operator controls: admin.configureQueue (live, validated, operators only) and admin.stats. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admitUser,
  createTestApp,
  makeConcert,
  makeUser,
  syntheticBuyer,
  testSessionSecret,
  type TestApp,
} from '../../support/index.js';

describe('queue operator controls', () => {
  let app: TestApp;
  let admin: ReturnType<TestApp['caller']>;
  beforeAll(async () => {
    app = await createTestApp();
    const operator = await makeUser(app.deps, { role: 'ADMIN' });
    admin = app.caller({ sessionToken: operator.sessionToken });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('changes capacity, rate, TTL and pause at once, shown by concert.get despite its cache', async () => {
    const { concertId } = await makeConcert(app.deps);
    expect((await app.caller().concert.get({ concertId })).settings.maxActive).toBe(100);
    const settings = await admin.admin.configureQueue({
      concertId,
      maxActive: 7,
      admitPerSecond: 3,
      activeTtlSeconds: 120,
      paused: true,
    });
    expect(settings).toMatchObject({
      concertId,
      maxActive: 7,
      admitPerSecond: 3,
      activeTtlSeconds: 120,
      paused: true,
    });
    expect((await app.caller().concert.get({ concertId })).settings).toMatchObject({
      maxActive: 7,
      admitPerSecond: 3,
      activeTtlSeconds: 120,
      paused: true,
    });
    // No fields: the current settings, unchanged.
    expect(await admin.admin.configureQueue({ concertId })).toEqual(settings);
  });

  it('refuses bad values, unknown concerts and non-operators', async () => {
    const { concertId } = await makeConcert(app.deps);
    await expect(admin.admin.configureQueue({ concertId, maxActive: 0 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(admin.admin.configureQueue({ concertId, activeTtlSeconds: 5 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      admin.admin.configureQueue({ concertId: '00000000-0000-4000-8000-000000000000', paused: true }),
    ).rejects.toMatchObject({ cause: { code: 'CONCERT_NOT_FOUND' } });
    await expect(
      admin.admin.stats({ concertId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({
      cause: { code: 'CONCERT_NOT_FOUND' },
    });
    const buyer = app.caller({ sessionToken: syntheticBuyer(testSessionSecret).sessionToken });
    await expect(buyer.admin.configureQueue({ concertId, paused: true })).rejects.toMatchObject({
      cause: { code: 'FORBIDDEN' },
    });
    await expect(buyer.admin.stats({ concertId })).rejects.toMatchObject({ cause: { code: 'FORBIDDEN' } });
  });

  it('counts waiting, active, admitted in the last minute, live holds, sold seats and revenue', async () => {
    const concert = await makeConcert(app.deps);
    const { concertId } = concert;
    const performanceId = concert.performances[0]!.performanceId;
    const buyer = await makeUser(app.deps);
    await admitUser(app, buyer, concertId);
    await app
      .caller({ sessionToken: syntheticBuyer(testSessionSecret).sessionToken })
      .queue.join({ concertId });

    const now = app.deps.clock.now();
    const reservation = await app.deps.db
      .insertInto('reservations')
      .values({
        user_id: buyer.id,
        concert_id: concertId,
        performance_id: performanceId,
        status: 'PAID',
        total_price: 150_000n,
        expires_at: now,
        paid_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const setSeats = (seatNos: number[], values: { status: 'HELD' | 'SOLD'; hold_expires_at: Date | null }) =>
      app.deps.db
        .updateTable('seats')
        .set({ ...values, reservation_id: reservation.id })
        .where('performance_id', '=', performanceId)
        .where('seat_no', 'in', seatNos)
        .execute();
    await setSeats([1, 2], { status: 'SOLD', hold_expires_at: null });
    await setSeats([3, 4, 5], { status: 'HELD', hold_expires_at: new Date(now.getTime() + 60_000) });
    // A hold that has run out is not held, even before the sweeper has released it.
    await setSeats([6], { status: 'HELD', hold_expires_at: new Date(now.getTime() - 1000) });

    const stats = await admin.admin.stats({ concertId });
    expect(stats).toMatchObject({
      waiting: 1,
      active: 1,
      admittedLastMinute: 0, // admitUser bypasses admission; only the admission step is counted
      heldSeats: 3,
      soldSeats: 2,
      revenue: 150_000,
    });
    // Per date and grade: the default layout's grades, seats 1–6 in the first grade.
    const first = stats.sellThrough.find((g) => g.sold > 0)!;
    expect(first).toMatchObject({ performanceId, sold: 2, held: 3 });
    expect(stats.sellThrough.reduce((n, g) => n + g.total, 0)).toBe(concert.performances[0]!.seatsTotal);
  });
});
