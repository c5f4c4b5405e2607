/**
 * The waiting room's contract, run against both engines (Redis and in-process) through the router and the real
 * admission job, with a clock the tests move by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import {
  createTestApp,
  forceAdmit,
  makeConcert,
  makeUser,
  syntheticBuyer,
  testSessionSecret,
  type TestApp,
} from '../../support/index.js';
import { admissionJob } from '../../../src/modules/queue/queue.jobs.js';
import { queueKeys } from '../../../src/modules/queue/redis-queue.engine.js';

describe.each([
  { engine: 'redis', redis: true },
  { engine: 'in-process', redis: false },
])('waiting room contract ($engine)', ({ redis }) => {
  let app: TestApp;
  let clock: ManualClock;
  let admin: ReturnType<TestApp['caller']>;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2030-03-01T10:00:00Z'));
    app = await createTestApp({ redis, clock });
    const operator = await makeUser(app.deps, { role: 'ADMIN' });
    admin = app.caller({ sessionToken: operator.sessionToken });
  });
  afterAll(async () => {
    await app?.close();
  });

  const buyer = () => {
    const b = syntheticBuyer(testSessionSecret, clock.now());
    return { ...b, api: app.caller({ sessionToken: b.sessionToken }) };
  };
  const withToken = (token: string) => app.caller({ queueToken: token });
  const status = (token: string) => withToken(token).queue.status();
  const tick = () => admissionJob.run(app.deps);
  /** A concert on sale now, with admission paused until the test resumes it (so joins do not race the job). */
  const pausedConcert = async (
    settings: { maxActive?: number; admitPerSecond?: number; activeTtlSeconds?: number } = {},
  ) => {
    const concert = await makeConcert(app.deps, settings);
    await admin.admin.configureQueue({ concertId: concert.concertId, paused: true });
    return concert.concertId;
  };
  const resume = (concertId: string) => admin.admin.configureQueue({ concertId, paused: false });

  it('joining again returns the same token and place, also when sent many times at once', async () => {
    const concertId = await pausedConcert();
    const first = buyer();
    await first.api.queue.join({ concertId });
    const b = buyer();
    const joins = await Promise.all(Array.from({ length: 10 }, () => b.api.queue.join({ concertId })));
    expect(new Set(joins.map((j) => j.token)).size).toBe(1);
    expect(joins.every((j) => j.status === 'WAITING' && j.position === 2)).toBe(true);
    expect(await b.api.queue.join({ concertId })).toMatchObject({ token: joins[0]!.token, position: 2 });
    expect(await status(joins[0]!.token)).toMatchObject({ status: 'WAITING', position: 2, concertId });
    // However the client spells the concert id, it is one queue.
    expect(await b.api.queue.join({ concertId: concertId.toUpperCase() })).toMatchObject({
      token: joins[0]!.token,
      concertId,
    });
  });

  it('serves first come, first served after the sale opens, at most maxActive at once', async () => {
    const concertId = await pausedConcert({ maxActive: 2, admitPerSecond: 100 });
    const tokens: string[] = [];
    for (let i = 0; i < 5; i++) tokens.push((await buyer().api.queue.join({ concertId })).token);
    expect(await Promise.all(tokens.map(async (t) => (await status(t)).position))).toEqual([1, 2, 3, 4, 5]);
    await resume(concertId);
    await tick();
    const views = await Promise.all(tokens.map(status));
    expect(views.map((v) => v.status)).toEqual(['ACTIVE', 'ACTIVE', 'WAITING', 'WAITING', 'WAITING']);
    expect(views.slice(2).map((v) => v.position)).toEqual([1, 2, 3]);
    clock.advance(1);
    await tick();
    expect((await admin.admin.stats({ concertId })).active).toBe(2);
  });

  it('1,000 concurrent joins get 1,000 distinct tokens and positions 1..1,000', async () => {
    const concertId = await pausedConcert();
    const buyers = Array.from({ length: 1000 }, buyer);
    const started = performance.now();
    const joins = await Promise.all(buyers.map((b) => b.api.queue.join({ concertId })));
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `[queue ${redis ? 'redis' : 'in-process'}] 1,000 concurrent joins in ${seconds.toFixed(2)} s`,
    );
    expect(new Set(joins.map((j) => j.token)).size).toBe(1000);
    expect(joins.map((j) => j.position).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i + 1),
    );
    expect((await admin.admin.stats({ concertId })).waiting).toBe(1000);
  });

  it('admits no faster than admitPerSecond', async () => {
    const concertId = await pausedConcert({ maxActive: 100, admitPerSecond: 3 });
    const tokens = await Promise.all(
      Array.from({ length: 10 }, async () => (await buyer().api.queue.join({ concertId })).token),
    );
    await resume(concertId);
    const activeCount = async () => (await admin.admin.stats({ concertId })).active;
    await tick();
    await tick(); // a second server ticking at the same moment admits nobody more
    expect(await activeCount()).toBe(3);
    clock.advance(0.5);
    await tick();
    expect(await activeCount()).toBe(4);
    clock.advance(0.5);
    await tick();
    expect(await activeCount()).toBe(6);
    clock.advance(10); // the allowance never banks more than one second's worth
    await tick();
    expect(await activeCount()).toBe(9);
    expect((await admin.admin.stats({ concertId })).admittedLastMinute).toBe(9);
    expect(tokens).toHaveLength(10);
  });

  it('drops a WAITING user unseen for 60 s, while one who polls keeps the place', async () => {
    const concertId = await pausedConcert();
    const absent = (await buyer().api.queue.join({ concertId })).token;
    const present = (await buyer().api.queue.join({ concertId })).token;
    clock.advance(40);
    expect(await status(present)).toMatchObject({ status: 'WAITING', position: 2 });
    clock.advance(21);
    await tick();
    expect(await status(absent)).toMatchObject({ status: 'EXPIRED' });
    expect(await status(present)).toMatchObject({ status: 'WAITING', position: 1 });
    expect((await admin.admin.stats({ concertId })).waiting).toBe(1);
  });

  it('expires an ACTIVE token after activeTtlSeconds without use, and frees its slot at once', async () => {
    const concertId = await pausedConcert({ maxActive: 1, activeTtlSeconds: 30 });
    const a = (await buyer().api.queue.join({ concertId })).token;
    const b = (await buyer().api.queue.join({ concertId })).token;
    await resume(concertId);
    await tick();
    expect(await status(a)).toMatchObject({ status: 'ACTIVE' });
    clock.advance(20);
    // The job ticks every second in production; a much longer silence would be a blind spot (see the recovery test).
    await tick();
    // Use by a guarded call (inspect) pushes the deadline out; a status read does not.
    const used = await app.deps.queue.inspect(a, clock.now());
    expect(used?.activeUntil?.getTime()).toBe(clock.now().getTime() + 30_000);
    clock.advance(29);
    await status(b); // b keeps polling while it waits
    await tick();
    expect(await status(a)).toMatchObject({ status: 'ACTIVE' });
    // A pending hold keeps the token alive past its TTL.
    await app.deps.queue.keepActiveUntil(a, new Date(clock.now().getTime() + 45_000));
    clock.advance(40);
    await status(b);
    await tick();
    expect(await status(a)).toMatchObject({ status: 'ACTIVE' });
    expect(await status(b)).toMatchObject({ status: 'WAITING', position: 1 });
    clock.advance(6);
    await tick();
    expect(await status(a)).toMatchObject({ status: 'EXPIRED' });
    expect(await status(b)).toMatchObject({ status: 'ACTIVE' });
    // Nothing goes back: a hold on an expired token does not revive it.
    await app.deps.queue.keepActiveUntil(a, new Date(clock.now().getTime() + 60_000));
    expect(await app.deps.queue.inspect(a, clock.now())).toMatchObject({ status: 'EXPIRED' });
  });

  it('leaving ends the token for good and frees the slot; joining again starts at the back', async () => {
    const concertId = await pausedConcert({ maxActive: 1 });
    const first = buyer();
    const a = (await first.api.queue.join({ concertId })).token;
    const b = (await buyer().api.queue.join({ concertId })).token;
    await resume(concertId);
    await tick();
    const leaving = app.caller({ sessionToken: first.sessionToken, queueToken: a });
    expect(await leaving.queue.leave()).toEqual({ status: 'EXPIRED' });
    expect(await status(a)).toMatchObject({ status: 'EXPIRED' });
    await tick();
    expect(await status(b)).toMatchObject({ status: 'ACTIVE' });
    const again = await first.api.queue.join({ concertId });
    expect(again.token).not.toBe(a);
    expect(again).toMatchObject({ status: 'WAITING', position: 1 });
    await expect(forceAdmit(app.deps, a, clock.now())).resolves.toMatchObject({ status: 'EXPIRED' });
  });

  it('pausing stops admission but not joining; resuming admits again', async () => {
    const concertId = await pausedConcert({ maxActive: 10, admitPerSecond: 10 });
    const joined = await buyer().api.queue.join({ concertId });
    expect(joined).toMatchObject({ status: 'WAITING', position: 1, paused: true, etaSeconds: null });
    await tick();
    expect(await status(joined.token)).toMatchObject({ status: 'WAITING', paused: true });
    const settings = await resume(concertId);
    expect(settings).toMatchObject({ concertId, paused: false, maxActive: 10, admitPerSecond: 10 });
    expect((await app.caller().concert.get({ concertId })).settings.paused).toBe(false);
    await tick();
    expect(await status(joined.token)).toMatchObject({ status: 'ACTIVE' });
  });

  it('refuses joins before the queue opens, and unknown concerts', async () => {
    const now = clock.now().getTime();
    const concert = await makeConcert(app.deps, {
      queueOpensAt: new Date(now + 3600_000),
      saleOpensAt: new Date(now + 7200_000),
    });
    await expect(buyer().api.queue.join({ concertId: concert.concertId })).rejects.toMatchObject({
      cause: { code: 'QUEUE_NOT_OPEN' },
    });
    await expect(
      buyer().api.queue.join({ concertId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ cause: { code: 'CONCERT_NOT_FOUND' } });
    await expect(app.caller().queue.join({ concertId: concert.concertId })).rejects.toMatchObject({
      cause: { code: 'UNAUTHENTICATED' },
    });
  });

  it('answers status and leave without a token, or with an unknown one, with distinct codes', async () => {
    await expect(app.caller().queue.status()).rejects.toMatchObject({
      cause: { code: 'QUEUE_TOKEN_MISSING' },
    });
    await expect(status('not-a-token')).rejects.toMatchObject({ cause: { code: 'QUEUE_TOKEN_INVALID' } });
    const concertId = await pausedConcert();
    const forged = `${concertId}.${'A'.repeat(43)}`;
    const signedIn = app.caller({ sessionToken: buyer().sessionToken, queueToken: forged });
    await expect(signedIn.queue.leave()).rejects.toMatchObject({ cause: { code: 'QUEUE_TOKEN_INVALID' } });
  });

  // Redis only: the in-process engine's state ends with its process, so it has nothing to expire.
  if (redis) {
    it('gives the concert keys an expiry, so a finished queue cleans itself up', async () => {
      const concertId = await pausedConcert();
      await buyer().api.queue.join({ concertId });
      await tick();
      const client = app.redis!.redis;
      for (const key of queueKeys(concertId)) {
        if (await client.exists(key)) expect(await client.pttl(key)).toBeGreaterThan(24 * 3600_000);
      }
    });
  }

  it('shuffles pre-sale joiners at the opening and puts later joiners behind them in order', async () => {
    const now = clock.now().getTime();
    const concert = await makeConcert(app.deps, {
      queueOpensAt: new Date(now - 1000),
      saleOpensAt: new Date(now + 60_000),
    });
    const concertId = concert.concertId;
    const early = await Promise.all(
      Array.from({ length: 20 }, async () => (await buyer().api.queue.join({ concertId })).token),
    );
    expect((await status(early[0]!)).etaSeconds).toBeGreaterThanOrEqual(60);
    await tick();
    expect(await status(early[0]!)).toMatchObject({ status: 'WAITING' }); // no admission before the sale
    clock.advance(40);
    await Promise.all(early.map(status)); // still here: present
    clock.advance(21);
    const late = [];
    for (let i = 0; i < 3; i++) late.push((await buyer().api.queue.join({ concertId })).token);
    const earlyPositions = await Promise.all(early.map(async (t) => (await status(t)).position));
    expect([...earlyPositions].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await Promise.all(late.map(async (t) => (await status(t)).position))).toEqual([21, 22, 23]);
  });
});
