/**
 * A small read-through cache for catalog reads. Entries of one namespace live together (one Redis hash, or one Map)
 * so an admin change drops the whole namespace at once with one command, on every server.
 */
import type { Redis } from 'ioredis';
import superjson from 'superjson';
import { cacheRequests } from './metrics.js';
import { stringify } from './transformer.js';

export interface Cache {
  get(namespace: string, field: string): Promise<string | null>;
  set(namespace: string, field: string, value: string, ttlSeconds: number): Promise<void>;
  invalidate(namespace: string): Promise<void>;
}

/**
 * Fails open: a cache that cannot be reached reads as a miss and drops writes, so what PostgreSQL can answer alone
 * (the catalog) keeps being answered while Redis is down. A lost invalidation leaves an entry at most its TTL old.
 */
export function createRedisCache(redis: Redis): Cache {
  const key = (namespace: string) => `cache:{${namespace}}`;
  return {
    get: (namespace, field) => redis.hget(key(namespace), field).catch(() => null),
    async set(namespace, field, value, ttlSeconds) {
      // The TTL is set once per namespace (NX), so every entry of it is at most ttlSeconds old.
      await redis
        .multi()
        .hset(key(namespace), field, value)
        .expire(key(namespace), ttlSeconds, 'NX')
        .exec()
        .catch(() => null);
    },
    async invalidate(namespace) {
      await redis.del(key(namespace)).catch(() => 0);
    },
  };
}

export function createMemoryCache(now: () => number = Date.now): Cache {
  const spaces = new Map<string, { expiresAt: number; entries: Map<string, string> }>();
  return {
    async get(namespace, field) {
      const space = spaces.get(namespace);
      if (!space || space.expiresAt <= now()) return null;
      return space.entries.get(field) ?? null;
    },
    async set(namespace, field, value, ttlSeconds) {
      let space = spaces.get(namespace);
      if (!space || space.expiresAt <= now()) {
        space = { expiresAt: now() + ttlSeconds * 1000, entries: new Map() };
        spaces.set(namespace, space);
      }
      space.entries.set(field, value);
    },
    async invalidate(namespace) {
      spaces.delete(namespace);
    },
  };
}

/** Returns the cached value of `field`, or loads, stores and returns it. Counts hits and misses. */
export async function cached<T>(
  cache: Cache,
  namespace: string,
  field: string,
  ttlSeconds: number,
  load: () => Promise<T>,
): Promise<T> {
  const hit = await cache.get(namespace, field);
  if (hit !== null) {
    cacheRequests.inc({ cache: namespace, result: 'hit' });
    return superjson.parse<T>(hit);
  }
  cacheRequests.inc({ cache: namespace, result: 'miss' });
  const value = await load();
  await cache.set(namespace, field, stringify(value), ttlSeconds);
  return value;
}
