/**
 * The waiting room losing its memory mid-sale, on real instances (docs/domain.md, "Recovery", edge cases 18 and 19): a private Redis
 * restarted without persistence (everything gone) and with append-only persistence (everything kept), and the
 * in-process engine of the embedded default replaced by a fresh one (a server restart). Then a Redis unreachable
 * (and a room that saw nothing) for longer than the presence window. Each ends with the invariant audit.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { createConfig } from '../../../src/config.js';
import { createInnerContext, type RequestCredentials } from '../../../src/context.js';
import { closeDeps, createDeps, type Deps } from '../../../src/deps.js';
import { admissionJob, turnEndsJob } from '../../../src/modules/queue/queue.jobs.js';
import { createCaller } from '../../../src/router.js';
import {
  auditInvariants,
  cleanAudit,
  createTestDatabase,
  makeBuyers,
  makeConcert,
  syntheticBuyer,
  testRateLimits,
  testSessionSecret,
  type Buyer,
  type TestDatabase,
} from '../../support/index.js';
import { startPrivateRedis, type PrivateRedis } from '../../support/index.js';

type Engine = 'redis-wiped' | 'redis-aof' | 'in-process';

describe.each<{ engine: Engine }>([
  { engine: 'redis-wiped' },
  { engine: 'redis-aof' },
  { engine: 'in-process' },
])('the waiting room recovers ($engine)', ({ engine }) => {
  let database: TestDatabase;
  let redis: PrivateRedis | null = null;
  let deps: Deps;
  const clock = new ManualClock(new Date('2030-05-01T10:00:00Z'));
  const config = createConfig({ sessionSecret: testSessionSecret, rateLimits: testRateLimits });
  const build = () => createDeps({ db: database.handle.db, redis: redis?.client ?? null, clock, config });

  beforeAll(async () => {
    database = await createTestDatabase(10);
    if (engine !== 'in-process') redis = await startPrivateRedis({ persistent: engine === 'redis-aof' });
    deps = build();
  });
  afterEach(async () => {
    expect(await auditInvariants(database.handle.db, clock.now())).toEqual(cleanAudit);
  });
  afterAll(async () => {
    await closeDeps(deps);
    await redis?.close();
    await database?.drop();
  });

  const as = (credentials: RequestCredentials) => createCaller(createInnerContext(deps, credentials));
  const tick = () => admissionJob.run(deps);
  /** The room loses its memory: Redis restarts (wiped or from its AOF), or the embedded server restarts. */
  const restart = async () => {
    if (redis) await redis.restart();
    else {
      await closeDeps(deps);
      deps = build();
    }
  };

  it('keeps every waiting place and order, restores turns and holds, and admits on', async () => {
    const concert = await makeConcert(deps, { maxActive: 5, admitPerSecond: 100, activeTtlSeconds: 600 });
    const { concertId } = concert;
    const performanceId = concert.performances[0]!.performanceId;
    const shoppers = await makeBuyers(deps, 5, { funds: 10_000_000 });
    const tokens = new Map<Buyer, string>();
    for (const b of shoppers) {
      tokens.set(b, (await as({ sessionToken: b.sessionToken }).queue.join({ concertId })).token);
    }
    const waiting: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { sessionToken } = syntheticBuyer(testSessionSecret, clock.now());
      waiting.push((await as({ sessionToken }).queue.join({ concertId })).token);
    }
    await tick();
    const shop = (b: Buyer) => as({ sessionToken: b.sessionToken, queueToken: tokens.get(b)! });
    const holds = [];
    for (const [i, b] of shoppers.slice(0, 4).entries()) {
      holds.push(await shop(b).reservation.hold({ performanceId, seatNos: [i * 2 + 1, i * 2 + 2] }));
    }
    // One pays before the restart: its slot goes to the first waiting person.
    await shop(shoppers[0]!).payment.pay({
      reservationId: holds[0]!.reservationId,
      idempotencyKey: 'pay-before-0',
    });
    clock.advance(1);
    await tick();
    const before = await Promise.all(waiting.map((t) => as({ queueToken: t }).queue.status()));
    expect(before[0]).toMatchObject({ status: 'ACTIVE' });
    expect(before.slice(1).map((v) => v.position)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));

    await restart();
    clock.advance(2);

    // Half the waiting come back before the first admission step, half after it, in a shuffled order.
    const back = waiting.slice(1).map((t, i) => ({ t, i }));
    back.sort((a, b) => ((a.i * 7) % 19) - ((b.i * 7) % 19));
    for (const { t } of back.slice(0, 10)) await as({ queueToken: t }).queue.status();
    await tick();
    for (const { t } of back.slice(10)) await as({ queueToken: t }).queue.status();
    const after = await Promise.all(waiting.map((t) => as({ queueToken: t }).queue.status()));
    expect(after[0]).toMatchObject({ status: 'ACTIVE' }); // an admitted turn, restored from PostgreSQL
    expect(after.slice(1).map((v) => v.position)).toEqual(before.slice(1).map((v) => v.position));
    expect(await deps.queue.counts(concertId, clock.now())).toMatchObject({ active: 5, waiting: 19 });
    // The one who paid stays done; the three holding pay; the one shopping without a hold is still shopping.
    expect(await shop(shoppers[0]!).queue.status()).toMatchObject({ status: 'EXPIRED' });
    for (const [i, b] of shoppers.slice(1, 4).entries()) {
      await shop(b).payment.pay({
        reservationId: holds[i + 1]!.reservationId,
        idempotencyKey: `pay-after-${i}`,
      });
    }
    expect(await shop(shoppers[4]!).queue.status()).toMatchObject({ status: 'ACTIVE' });
    // Admission resumes from the head, in the original order.
    clock.advance(1);
    await tick();
    const resumed = await Promise.all(waiting.slice(1, 5).map((t) => as({ queueToken: t }).queue.status()));
    expect(resumed.map((v) => v.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'WAITING']);
    expect(resumed[3]).toMatchObject({ position: 1 });
  });

  it('drops nobody and keeps turns when the room was blind longer than the presence window', async () => {
    const concert = await makeConcert(deps, { maxActive: 2, admitPerSecond: 100, activeTtlSeconds: 60 });
    const { concertId } = concert;
    const performanceId = concert.performances[0]!.performanceId;
    const [holder, browser] = await makeBuyers(deps, 2, { funds: 10_000_000 });
    const holderToken = (await as({ sessionToken: holder!.sessionToken }).queue.join({ concertId })).token;
    const browserToken = (await as({ sessionToken: browser!.sessionToken }).queue.join({ concertId })).token;
    const waiting: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { sessionToken } = syntheticBuyer(testSessionSecret, clock.now());
      waiting.push((await as({ sessionToken }).queue.join({ concertId })).token);
    }
    await tick();
    const asHolder = as({ sessionToken: holder!.sessionToken, queueToken: holderToken });
    const held = await asHolder.reservation.hold({ performanceId, seatNos: [1] });

    await redis?.stop();
    clock.advance(70);
    if (redis) {
      await expect(tick()).rejects.toThrow();
      // The hold is PostgreSQL's: it is paid while Redis is away, and the end of the turn waits for Redis.
      await asHolder.payment.pay({ reservationId: held.reservationId, idempotencyKey: 'pay-while-down' });
      await redis.start();
    } else {
      await asHolder.payment.pay({ reservationId: held.reservationId, idempotencyKey: 'pay-while-down' });
    }
    // Back: the first poll after the blind spot finds everyone still in line.
    await Promise.all(waiting.slice(0, 5).map((t) => as({ queueToken: t }).queue.status()));
    const polled = [];
    for (const t of waiting.slice(0, 5)) polled.push(await as({ queueToken: t }).queue.status());
    expect(polled.map((v) => v.position)).toEqual([1, 2, 3, 4, 5]);
    const browsing = await as({ queueToken: browserToken }).queue.status();
    // A turn gets the blind time back; after a wipe only its first turn length from admission is known.
    expect(browsing.status).toBe(engine === 'redis-wiped' ? 'EXPIRED' : 'ACTIVE');
    await tick();
    await turnEndsJob.run(deps);
    clock.advance(1);
    await tick();
    // Nobody was dropped: the paid turn's slot went to the head of the line.
    expect(await as({ queueToken: waiting[0]! }).queue.status()).toMatchObject({ status: 'ACTIVE' });
    const counts = await deps.queue.counts(concertId, clock.now());
    expect(counts).toMatchObject({ active: 2 });
    if (engine !== 'redis-wiped') expect(counts.waiting).toBe(9);
    if (browsing.status === 'ACTIVE') {
      await as({ sessionToken: browser!.sessionToken, queueToken: browserToken }).concert.seats({
        performanceId,
      });
    }
    // Those who never came back during the grace window are dropped once it is over (after a wipe the room has
    // no evidence of their absence: a signed token that comes back is put back in line).
    // The job ticks every second; 45 s without a tick would be a new blind spot.
    clock.advance(30);
    await tick();
    clock.advance(29);
    await Promise.all(waiting.slice(0, 5).map((t) => as({ queueToken: t }).queue.status()));
    await tick();
    clock.advance(2);
    await tick();
    const late = await Promise.all(waiting.slice(5).map((t) => as({ queueToken: t }).queue.status()));
    expect(late.map((v) => v.status)).toEqual(
      Array(5).fill(engine === 'redis-wiped' ? 'WAITING' : 'EXPIRED'),
    );
  });
});
