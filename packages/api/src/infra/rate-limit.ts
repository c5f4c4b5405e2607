/**
 * Counters behind every limit of `rate-limits.ts`, kept by rate-limiter-flexible: in Redis when the deployment has
 * one, so a limit holds across every server process, and in process memory in the embedded default.
 *
 * The Redis limiters use the product's ioredis client, whose own keyPrefix (`REDIS_KEY_PREFIX`) comes first, so the
 * keys are `<REDIS_KEY_PREFIX>rl:<limit>:<key>` and deployments sharing a Redis never count each other's calls.
 */
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { DomainError } from '../errors.js';
import { rateLimitNames, type RateLimitName, type RateLimitTable } from '../rate-limits.js';
import { dependencyOf, dependencyRetryAfterSeconds } from './dependency-failure.js';
import type { SecurityLog } from './security-log.js';

export interface RateLimits {
  /**
   * Counts one call (or failure) of `key` against the limit and returns the count in the window so far; throws
   * RATE_LIMITED, with `retryAfterSeconds`, once the window's points are spent.
   */
  consume(name: RateLimitName, key: string): Promise<number>;
  /** Gives one point back: a sign-in counted beforehand that turned out not to be a failure. */
  refund(name: RateLimitName, key: string): Promise<void>;
  /** Forgets the key's count (an account's failures, once it signs in). */
  reset(name: RateLimitName, key: string): Promise<void>;
}

function retryAfterSecondsOf(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

function limiterFor(redis: Redis | null, name: RateLimitName, table: RateLimitTable): RateLimiterAbstract {
  const options = {
    keyPrefix: `rl:${name}`,
    points: table[name].points,
    duration: table[name].durationSeconds,
  };
  if (!redis) return new RateLimiterMemory(options);
  // If Redis stops answering, each server keeps counting on its own rather than failing every sign-in.
  return new RateLimiterRedis({
    ...options,
    storeClient: redis,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

export function createRateLimits(redis: Redis | null, table: RateLimitTable, log: SecurityLog): RateLimits {
  const limiters = Object.fromEntries(
    rateLimitNames.map((name) => [name, limiterFor(redis, name, table)]),
  ) as Record<RateLimitName, RateLimiterAbstract>;
  return {
    async consume(name, key) {
      try {
        return (await limiters[name].consume(key)).consumedPoints;
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        const retryAfterSeconds = retryAfterSecondsOf(err);
        // Once per window and key: the first refused call. Later refusals in the window would only flood the log.
        if (err.consumedPoints === table[name].points + 1) {
          log.warn({ event: 'rate_limit_hit', limit: name, key, retryAfterSeconds }, 'rate limit hit');
        }
        throw new DomainError('RATE_LIMITED', `Too many attempts; try again in ${retryAfterSeconds} s`, {
          retryAfterSeconds,
          limit: name,
        });
      }
    },
    async refund(name, key) {
      await limiters[name].reward(key, 1);
    },
    async reset(name, key) {
      await limiters[name].delete(key);
    },
  };
}

/**
 * Headers for the HTTP adapter's `responseMeta`: `Retry-After` (seconds) when a call of the request was limited or
 * refused for a dependency that is down; in a batch, the longest wait of those calls, since the client sees one
 * answer for all of them.
 */
export function retryAfterHeaders(errors: ReadonlyArray<{ cause?: unknown }>): Record<string, string> {
  const waits = errors
    .map((e) => e.cause)
    .map((c) =>
      c instanceof DomainError && (c.code === 'RATE_LIMITED' || c.code === 'SERVICE_UNAVAILABLE')
        ? Number(c.details.retryAfterSeconds)
        : dependencyOf(c)
          ? dependencyRetryAfterSeconds
          : NaN,
    )
    .filter(Number.isFinite);
  return waits.length > 0 ? { 'retry-after': String(Math.max(...waits)) } : {};
}
