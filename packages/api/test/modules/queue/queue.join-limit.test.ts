/**
 * `queue.join`'s per-user limit, whose point the join spends in its own Redis script (`limitPerUserInProcedure`,
 * `joinWithin`; first, in process): it must behave exactly like a limit checked before the call. Both engines, real Redis and
 * PostgreSQL, with a limit tight enough to reach (2 joins a minute).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingSecurityLog } from '../../../src/infra/security-log.js';
import { defaultRateLimits } from '../../../src/rate-limits.js';
import {
  createTestApp,
  makeConcert,
  syntheticBuyer,
  testSessionSecret,
  type TestApp,
} from '../../support/index.js';
import { failureOf } from '../../support/outcomes.js';

describe.each([
  { engine: 'redis', redis: true },
  { engine: 'in-process', redis: false },
])('queue.join rate limit ($engine)', ({ redis }) => {
  let app: TestApp;
  const log = createRecordingSecurityLog();

  beforeAll(async () => {
    app = await createTestApp({
      redis,
      securityLog: log,
      config: { rateLimits: { ...defaultRateLimits, queueJoinPerUser: { points: 2, durationSeconds: 60 } } },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const buyer = () =>
    app.caller({ sessionToken: syntheticBuyer(testSessionSecret, app.clock.now()).sessionToken });

  it('allows the points, then refuses with RATE_LIMITED and changes nothing in the room', async () => {
    const { concertId } = await makeConcert(app.deps);
    const other = await makeConcert(app.deps);
    const api = buyer();
    const first = await api.queue.join({ concertId });
    expect(await api.queue.join({ concertId })).toMatchObject({ token: first.token, position: 1 });
    const refused = await failureOf(api.queue.join({ concertId: other.concertId }));
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.details).toMatchObject({ limit: 'queueJoinPerUser' });
    expect(refused.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.details.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The refused join took no place; someone else still comes first there.
    expect((await app.deps.queue.counts(other.concertId, app.clock.now())).waiting).toBe(0);
    expect(await buyer().queue.join({ concertId: other.concertId })).toMatchObject({ position: 1 });
  });

  it('answers RATE_LIMITED over the limit whatever else the call would have answered', async () => {
    const { concertId } = await makeConcert(app.deps);
    const api = buyer();
    await api.queue.join({ concertId });
    await api.queue.join({ concertId });
    // Malformed input, an unknown concert, a cancelled one: each is refused by the limit first, as before.
    expect((await failureOf(api.queue.join({ concertId: 'not-a-uuid' }))).code).toBe('RATE_LIMITED');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await failureOf(api.queue.join({ concertId: unknown }))).code).toBe('RATE_LIMITED');
    // Under the limit the same calls answer what they always did.
    const fresh = buyer();
    expect((await failureOf(fresh.queue.join({ concertId: 'not-a-uuid' }))).code).toBe('VALIDATION_FAILED');
    expect((await failureOf(fresh.queue.join({ concertId: unknown }))).code).toBe('CONCERT_NOT_FOUND');
  });

  it('counts on the same counter as every other use of the limit, and logs the first refusal once', async () => {
    const { concertId } = await makeConcert(app.deps);
    const b = syntheticBuyer(testSessionSecret, app.clock.now());
    const api = app.caller({ sessionToken: b.sessionToken });
    // A point spent elsewhere (the limits' own consume) leaves one join.
    expect(await app.deps.limits.consume('queueJoinPerUser', b.id)).toBe(1);
    const joined = await api.queue.join({ concertId });
    const before = log.events.length;
    // Over the limit even to rejoin a live place: refused, not handed the token again.
    expect((await failureOf(api.queue.join({ concertId }))).code).toBe('RATE_LIMITED');
    expect((await failureOf(api.queue.join({ concertId }))).code).toBe('RATE_LIMITED');
    const logged = log.events.slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.fields).toMatchObject({
      event: 'rate_limit_hit',
      limit: 'queueJoinPerUser',
      key: b.id,
    });
    // Four points spent: the limits' own count goes on from there.
    await expect(app.deps.limits.consume('queueJoinPerUser', b.id)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(await app.caller({ queueToken: joined.token }).queue.status()).toMatchObject({ position: 1 });
  });

  it('counts joins before the sale opens too (no order to fetch alongside)', async () => {
    const now = app.clock.now().getTime();
    const { concertId } = await makeConcert(app.deps, {
      queueOpensAt: new Date(now - 60_000),
      saleOpensAt: new Date(now + 3_600_000),
    });
    const api = buyer();
    await api.queue.join({ concertId });
    await api.queue.join({ concertId });
    expect((await failureOf(api.queue.join({ concertId }))).code).toBe('RATE_LIMITED');
  });
});
