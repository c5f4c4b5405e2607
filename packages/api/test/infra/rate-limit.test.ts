/**
 * The limiter on both stores: Redis (shared by every server, under the client's key prefix) and process memory
 * (the embedded default). Real Redis, nothing mocked.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/errors.js';
import { defaultRateLimits, type RateLimitTable } from '../../src/rate-limits.js';
import { createTestRedis, testRedisUrl, type TestRedis } from '../support/index.js';
import { createRateLimits, retryAfterHeaders } from '../../src/infra/rate-limit.js';
import { createRecordingSecurityLog } from '../../src/infra/security-log.js';

const tight: RateLimitTable = { ...defaultRateLimits, holdPerUser: { points: 3, durationSeconds: 30 } };

async function refusal(call: Promise<unknown>): Promise<DomainError> {
  const err = await call.then(
    () => new Error('expected RATE_LIMITED'),
    (e: unknown) => e,
  );
  if (!(err instanceof DomainError)) throw err;
  return err;
}

let redis: TestRedis;
beforeAll(async () => {
  redis = await createTestRedis();
});
afterAll(async () => {
  await redis?.cleanup();
});

describe.each(['redis', 'memory'] as const)('rate limits (%s)', (store) => {
  const build = () => {
    const log = createRecordingSecurityLog();
    return { log, limits: createRateLimits(store === 'redis' ? redis.redis : null, tight, log) };
  };

  it('allows the window points, then refuses with RATE_LIMITED and the seconds to wait, logged once', async () => {
    const { log, limits } = build();
    const key = `user-${store}-1`;
    expect([
      await limits.consume('holdPerUser', key),
      await limits.consume('holdPerUser', key),
      await limits.consume('holdPerUser', key),
    ]).toEqual([1, 2, 3]);
    const first = await refusal(limits.consume('holdPerUser', key));
    const second = await refusal(limits.consume('holdPerUser', key));
    for (const err of [first, second]) {
      expect(err.code).toBe('RATE_LIMITED');
      expect(err.details).toMatchObject({ limit: 'holdPerUser' });
      expect(err.details.retryAfterSeconds).toBeGreaterThanOrEqual(29);
      expect(err.details.retryAfterSeconds).toBeLessThanOrEqual(30);
    }
    expect(log.events).toEqual([
      {
        fields: {
          event: 'rate_limit_hit',
          limit: 'holdPerUser',
          key,
          retryAfterSeconds: expect.any(Number) as number,
        },
        message: 'rate limit hit',
      },
    ]);
    // Another key, and another limit for the same key, count on their own.
    expect(await limits.consume('holdPerUser', `user-${store}-2`)).toBe(1);
    expect(await limits.consume('chargePerUser', key)).toBe(1);
  });

  it('reset forgets a key and refund gives one point back', async () => {
    const { limits } = build();
    const key = `user-${store}-3`;
    for (let i = 0; i < 3; i++) await limits.consume('holdPerUser', key);
    await limits.refund('holdPerUser', key);
    expect(await limits.consume('holdPerUser', key)).toBe(3);
    await limits.reset('holdPerUser', key);
    expect(await limits.consume('holdPerUser', key)).toBe(1);
  });
});

describe('rate limits in Redis', () => {
  it('keep their keys under the client key prefix and count across clients (servers)', async () => {
    const other = new Redis(testRedisUrl, { keyPrefix: redis.prefix });
    try {
      const log = createRecordingSecurityLog();
      const a = createRateLimits(redis.redis, tight, log);
      const b = createRateLimits(other, tight, log);
      await a.consume('holdPerUser', 'shared');
      await b.consume('holdPerUser', 'shared');
      await a.consume('holdPerUser', 'shared');
      expect((await refusal(b.consume('holdPerUser', 'shared'))).code).toBe('RATE_LIMITED');
      const raw = new Redis(testRedisUrl);
      try {
        expect(await raw.exists(`${redis.prefix}rl:holdPerUser:shared`)).toBe(1);
      } finally {
        raw.disconnect();
      }
    } finally {
      other.disconnect();
    }
  });
});

describe('Retry-After', () => {
  it('is the longest wait of the limited calls, and absent without one', () => {
    const limited = (s: number) => ({
      cause: new DomainError('RATE_LIMITED', 'slow down', { retryAfterSeconds: s }),
    });
    const other = { cause: new DomainError('SEAT_UNAVAILABLE', 'taken') };
    expect(retryAfterHeaders([other, limited(4), limited(9)])).toEqual({ 'retry-after': '9' });
    expect(retryAfterHeaders([other, {}])).toEqual({});
  });
});
