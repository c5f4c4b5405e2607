/**
 * `queue.join`'s per-user limit, whose verdict the join awaits together with its first Redis call
 * (`limitPerUserAlongside`): it must behave exactly like a limit checked first. Both engines, real Redis and
 * PostgreSQL, with a limit tight enough to reach (2 joins a minute).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  beforeAll(async () => {
    app = await createTestApp({
      redis,
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
