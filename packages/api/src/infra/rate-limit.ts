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
  /**
   * Where a Redis script may spend one point of `key` itself, on the very counter `consume` uses (same connection,
   * same key, same window), so a use case can fold the limit into its own script; null in process memory.
   */
  scripted(name: RateLimitName, key: string): ScriptedLimit | null;
  /** The verdict on a point such a script spent: the count, or RATE_LIMITED exactly as `consume` throws it. */
  settle(name: RateLimitName, key: string, consumed: number, msBeforeNext: number): number;
}

/** One limit's counter in Redis, for a script to spend a point on (see `spendLimitLua`). */
export interface ScriptedLimit {
  /** The connection whose key prefix the key is under: a script on another one must not spend it. */
  redis: Redis;
  key: string;
  points: number;
  durationSeconds: number;
}

/**
 * Lua that spends one point of the ScriptedLimit in KEYS[k] (ARGV[d]: its seconds) as rate-limiter-flexible's
 * RateLimiterRedis does (its incrTtlLuaScript: a window from the first point, counted on even when over), leaving
 * `consumed` and `ttl` (ms before the window resets) in locals of those names.
 */
export function spendLimitLua(k: number, d: number): string {
  return `
redis.call('SET', KEYS[${k}], 0, 'EX', ARGV[${d}], 'NX')
local consumed = redis.call('INCRBY', KEYS[${k}], 1)
local ttl = redis.call('PTTL', KEYS[${k}])
if ttl == -1 then
  redis.call('EXPIRE', KEYS[${k}], ARGV[${d}])
  ttl = 1000 * ARGV[${d}]
end
`;
}

function retryAfterSecondsOf(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
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
  const refusal = (name: RateLimitName, key: string, consumed: number, msBeforeNext: number) => {
    const retryAfterSeconds = retryAfterSecondsOf(msBeforeNext);
    // Once per window and key: the first refused call. Later refusals in the window would only flood the log.
    if (consumed === table[name].points + 1) {
      log.warn({ event: 'rate_limit_hit', limit: name, key, retryAfterSeconds }, 'rate limit hit');
    }
    return new DomainError('RATE_LIMITED', `Too many attempts; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
      limit: name,
    });
  };
  return {
    async consume(name, key) {
      try {
        return (await limiters[name].consume(key)).consumedPoints;
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        throw refusal(name, key, err.consumedPoints, err.msBeforeNext);
      }
    },
    scripted(name, key) {
      if (!redis) return null;
      // The limiter's own key (before the connection's prefix), so a script and `consume` count on one counter.
      const rule = table[name];
      return {
        redis,
        key: limiters[name].getKey(key),
        points: rule.points,
        durationSeconds: rule.durationSeconds,
      };
    },
    settle(name, key, consumed, msBeforeNext) {
      if (consumed > table[name].points) throw refusal(name, key, consumed, msBeforeNext);
      return consumed;
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
