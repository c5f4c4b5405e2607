/**
 * The catalog through the router on real PostgreSQL, in both cache modes (Redis, and in-process): listing and
 * paging, dates with availability, cache hits and misses, and an admin change that shows at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../../src/infra/metrics.js';
import { createTestApp, makeConcert, makeUser, type TestApp, type TestUser } from '../../support/index.js';

async function cacheCount(result: 'hit' | 'miss'): Promise<number> {
  const metric = await registry.getSingleMetric('tix_cache_requests_total')?.get();
  return metric?.values.find((v) => v.labels.cache === 'catalog' && v.labels.result === result)?.value ?? 0;
}

describe.each([
  { mode: 'Redis cache', redis: true },
  { mode: 'in-process cache', redis: false },
])('catalog with the $mode', ({ redis }) => {
  let app: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    app = await createTestApp({ redis });
    admin = await makeUser(app.deps, { role: 'ADMIN' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists concerts with their performances, paged by cursor', async () => {
    for (let i = 0; i < 3; i++) await makeConcert(app.deps, { title: `Paged ${i}` });
    const caller = app.caller();
    const first = await caller.concert.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = await caller.concert.list({ limit: 2, cursor: first.nextCursor! });
    const ids = [...first.items, ...second.items].map((c) => c.concertId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.items[0]?.performances[0]?.startsAt).toBeInstanceOf(Date);
  });

  it('serves repeated reads from the cache and counts hits and misses', async () => {
    const caller = app.caller();
    const missesBefore = await cacheCount('miss');
    const hitsBefore = await cacheCount('hit');
    await caller.concert.list({ limit: 7 });
    await caller.concert.list({ limit: 7 });
    await caller.concert.list({ limit: 7 });
    expect((await cacheCount('miss')) - missesBefore).toBe(1);
    expect((await cacheCount('hit')) - hitsBefore).toBe(2);
  });

  it('shows an admin change at once, although the list was cached', async () => {
    const caller = app.caller();
    const before = await caller.concert.list({ limit: 100 });
    await app.caller({ sessionToken: admin.sessionToken }).admin.createConcert({
      title: 'Brand New Show',
      venue: 'Hall',
      description: '',
      saleOpensAt: app.clock.now(),
      performances: [{ startsAt: new Date(app.clock.now().getTime() + 86_400_000), seats: 12 }],
    });
    const after = await caller.concert.list({ limit: 100 });
    expect(after.items.length).toBe(before.items.length + 1);
    expect(after.items.some((c) => c.title === 'Brand New Show')).toBe(true);
  });

  it('gives dates with availability and a seat map with grades and prices', async () => {
    const concert = await makeConcert(app.deps, {
      performances: [
        {
          startsAt: new Date(app.clock.now().getTime() + 86_400_000),
          layout: [
            { grade: 'VIP', price: 200_000, count: 2 },
            { grade: 'S', price: 50_000, count: 3 },
          ],
        },
      ],
    });
    const dates = await app.caller().concert.dates({ concertId: concert.concertId });
    expect(dates).toEqual([expect.objectContaining({ seatsTotal: 5, seatsAvailable: 5 })]);
    const get = await app.caller().concert.get({ concertId: concert.concertId });
    expect(get.settings).toMatchObject({ maxSeatsPerOrder: 4, holdSeconds: 300, activeTtlSeconds: 600 });
    const seatRows = await app.deps.db
      .selectFrom('seats')
      .select(['seat_no', 'grade', 'price', 'status'])
      .where('performance_id', '=', dates[0]!.performanceId)
      .orderBy('seat_no')
      .execute();
    expect(seatRows.map((s) => [s.seat_no, s.grade, s.price, s.status])).toEqual([
      [1, 'VIP', 200_000n, 'AVAILABLE'],
      [2, 'VIP', 200_000n, 'AVAILABLE'],
      [3, 'S', 50_000n, 'AVAILABLE'],
      [4, 'S', 50_000n, 'AVAILABLE'],
      [5, 'S', 50_000n, 'AVAILABLE'],
    ]);
  });

  it('signs up, signs in and knows the caller', async () => {
    const up = await app.caller().auth.signUp({ username: `fan_${redis}`, password: 'password-123' });
    const me = await app.caller({ sessionToken: up.sessionToken }).auth.me();
    expect(me).toEqual({ userId: up.userId, username: `fan_${redis}`, role: 'BUYER' });
    const again = await app.caller().auth.signIn({ username: `fan_${redis}`, password: 'password-123' });
    expect(again.userId).toBe(up.userId);
    expect(await app.caller({ sessionToken: again.sessionToken }).wallet.balance()).toEqual({ balance: 0 });
  });
});
