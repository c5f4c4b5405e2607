/**
 * A process-local copy in front of the shared (Redis) cache, for the hottest public reads: a crowd refreshing the
 * catalog or repeating a search is answered from this process's memory, with no Redis round trip (issue 15's cached
 * search target). The shared cache stays the source: a local miss reads it, and what it holds is copied here.
 *
 * Freshness across servers: an invalidation drops the namespace here and in the shared cache, and announces it on
 * pub/sub so every other process drops its copy as it hears it. A copy lives at most `localMs`, so an announcement
 * that is lost (a subscriber reconnecting) leaves another server's copy at most that old, within the shared
 * cache's own TTL, which already allows reads that old. A read from the shared cache that was in flight when an
 * invalidation arrived is returned but not kept, so it cannot bring the old value back after the drop.
 */
import type { Cache } from './cache.js';
import type { PubSub } from './pubsub.js';

export const NEAR_CACHE_CHANNEL = 'cache:invalidated';

interface Copy {
  value: string;
  expiresAt: number;
}

export interface NearCacheOptions {
  /** How long a copy is served without asking the shared cache. */
  localMs: number;
  /** Copies kept per namespace; the oldest goes first. */
  maxEntries: number;
  now?: () => number;
}

export function createNearCache(shared: Cache, pubsub: PubSub, options: NearCacheOptions): Cache {
  const now = options.now ?? Date.now;
  const spaces = new Map<string, Map<string, Copy>>();
  // Bumped by each drop of a namespace: a shared read that started before it is not kept.
  const generations = new Map<string, number>();
  const drop = (namespace: string) => {
    spaces.delete(namespace);
    generations.set(namespace, (generations.get(namespace) ?? 0) + 1);
  };
  const keep = (namespace: string, field: string, value: string) => {
    let space = spaces.get(namespace);
    if (!space) spaces.set(namespace, (space = new Map<string, Copy>()));
    space.delete(field); // re-inserted last: the Map's order is the eviction order
    space.set(field, { value, expiresAt: now() + options.localMs });
    if (space.size > options.maxEntries) space.delete(space.keys().next().value!);
  };
  pubsub.subscribe(NEAR_CACHE_CHANNEL, (message) => {
    const namespace = (message as { namespace?: unknown } | null)?.namespace;
    if (typeof namespace === 'string') drop(namespace);
  });

  return {
    async get(namespace, field) {
      const copy = spaces.get(namespace)?.get(field);
      if (copy && copy.expiresAt > now()) return copy.value;
      const generation = generations.get(namespace) ?? 0;
      const value = await shared.get(namespace, field);
      if (value !== null && (generations.get(namespace) ?? 0) === generation) keep(namespace, field, value);
      return value;
    },
    async set(namespace, field, value, ttlSeconds) {
      const generation = generations.get(namespace) ?? 0;
      await shared.set(namespace, field, value, ttlSeconds);
      if ((generations.get(namespace) ?? 0) === generation) keep(namespace, field, value);
    },
    async invalidate(namespace) {
      drop(namespace);
      await shared.invalidate(namespace);
      // Best effort, like the shared cache itself: a lost announcement is bounded by `localMs`.
      await pubsub.publish(NEAR_CACHE_CHANNEL, { namespace }).catch(() => {});
    },
  };
}
