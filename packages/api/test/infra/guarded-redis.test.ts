/**
 * The Redis guard's time bound (issue 18; README, "Timeouts and failures"): with Redis black-holed, the first
 * command to time out opens the breaker, and what was issued meanwhile (queued behind it, as ioredis sends one
 * auto-pipeline at a time, or already sent outside one) fails then, not a whole command timeout later, so a call
 * costs at most about one timeout in all. The replies held meanwhile still land on their own commands once
 * Redis answers again, so nothing later reads another command's reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/infra/circuit-breaker.js';
import { dependencyOf } from '../../src/infra/dependency-failure.js';
import { createRedisClient } from '../../src/infra/guarded-redis.js';
import { startFaultProxy, testRedisUrl, waitUntil, type FaultProxy } from '../support/index.js';

const commandTimeoutMs = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the guarded Redis connection, black-holed', () => {
  let proxy: FaultProxy;
  const breaker = createCircuitBreaker('redis', { failuresToOpen: 3, openMs: 500 });
  let redis: ReturnType<typeof createRedisClient>;
  const prefix = `tix-test-guard-${process.pid}-${Math.random().toString(36).slice(2, 8)}:`;

  beforeAll(async () => {
    const target = new URL(testRedisUrl);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 6379) });
    redis = createRedisClient(
      {
        url: `redis://127.0.0.1:${proxy.port}`,
        keyPrefix: prefix,
        commandTimeoutMs,
        connectTimeoutMs: 1000,
        maxRetriesPerRequest: 1,
      },
      breaker,
    );
    await redis.set('a', 'before');
  });
  afterAll(async () => {
    proxy?.mode('pass');
    await redis?.del('a', 'b').catch(() => {});
    redis?.disconnect();
    await proxy?.close();
  });

  it('fails what was issued meanwhile once a command times out, and keeps replies in order after', async () => {
    proxy.mode('blackhole');
    const early = redis.get('a').catch((err: unknown) => err);
    await sleep(commandTimeoutMs * 0.6);
    // A call of two commands in a row, and one command outside the auto-pipeline (INFO is never pipelined), both
    // issued 0.4 timeouts before the early command times out.
    const lateStarted = performance.now();
    const [late, direct] = await Promise.all([
      redis
        .get('a')
        .then(() => redis.get('b'))
        .catch((err: unknown) => err),
      redis.info('server').catch((err: unknown) => err),
    ]);
    const lateMs = performance.now() - lateStarted;
    console.log(`[faults] black-holed Redis: commands issued late failed after ${Math.round(lateMs)} ms`);

    for (const err of [await early, late, direct]) expect(dependencyOf(err)).toBe('redis');
    expect(breaker.state()).not.toBe('closed');
    // Otherwise each would have waited a whole timeout of its own.
    expect(lateMs).toBeLessThan(commandTimeoutMs * 0.9);

    proxy.mode('pass');
    await waitUntil('Redis answers through the breaker again', async () =>
      redis.set('b', 'after').then(
        () => true,
        () => false,
      ),
    );
    expect(breaker.state()).toBe('closed');
    expect(await redis.get('a')).toBe('before');
    expect(await redis.get('b')).toBe('after');
  });
});
