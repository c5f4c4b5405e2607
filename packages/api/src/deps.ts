/**
 * Everything the API depends on, built once per server process (or per test file) and shared by every request.
 */
import type { Database } from '@tix/db';
import type { Redis } from 'ioredis';
import type { Clock } from './clock.js';
import type { AppConfig } from './config.js';
import { createMemoryCache, createRedisCache, type Cache } from './infra/cache.js';
import { createDependencyBreakers, type DependencyBreakers } from './infra/circuit-breaker.js';
import { createImmutableMemo, type ImmutableMemo } from './infra/immutable-memo.js';
import { createNearCache } from './infra/near-cache.js';
import { createMemoryPubSub, createRedisPubSub, type PubSub } from './infra/pubsub.js';
import { createRateLimits, type RateLimits } from './infra/rate-limit.js';
import { silentSecurityLog, type SecurityLog } from './infra/security-log.js';
import {
  createMemoryVersionedHashes,
  createRedisVersionedHashes,
  type VersionedHashes,
} from './infra/versioned-hash.js';
import type { EventBroker } from './modules/events/event-broker.js';
import { createQueueEngine } from './modules/queue/create-queue-engine.js';
import type { QueueEngine } from './modules/queue/queue.engine.js';
import { withQueueRecovery } from './modules/queue/queue-recovery.js';

export interface Deps {
  db: Database;
  /** Null in the embedded default: in-process stores stand in for what Redis does. */
  redis: Redis | null;
  cache: Cache;
  pubsub: PubSub;
  /** Seat availability outside PostgreSQL (modules/concert/seat-availability.ts): in Redis, or in process memory. */
  seatState: VersionedHashes;
  /** What never changes once written (a performance, its seat layout), remembered by this process. */
  immutable: ImmutableMemo;
  queue: QueueEngine;
  /** The limits of `rate-limits.ts` (in Redis, or in process memory in the embedded default). */
  limits: RateLimits;
  securityLog: SecurityLog;
  clock: Clock;
  config: AppConfig;
  /** Where the relay publishes sale events for internal consumers (BROKER_URL); null when there is none. */
  broker: EventBroker | null;
  /** One circuit breaker per dependency (infra/circuit-breaker.ts), which /readyz reports. */
  breakers: DependencyBreakers;
}

export function createDeps(base: {
  db: Database;
  redis: Redis | null;
  clock: Clock;
  config: AppConfig;
  securityLog?: SecurityLog;
  /** A waiting-room engine built by the caller; by default the one `redis` calls for. */
  queue?: QueueEngine;
  broker?: EventBroker | null;
  /** The breakers the caller put in front of db and redis; by default fresh ones that guard nothing. */
  breakers?: DependencyBreakers;
}): Deps {
  const { redis } = base;
  const securityLog = base.securityLog ?? silentSecurityLog;
  const shared = inProcessOrRedis(redis);
  return {
    ...base,
    broker: base.broker ?? null,
    breakers: base.breakers ?? createDependencyBreakers({ redis: redis !== null }),
    securityLog,
    limits: createRateLimits(redis, base.config.rateLimits, securityLog),
    cache: redis
      ? createNearCache(createRedisCache(redis), shared.pubsub, {
          localMs: base.config.catalogNearCacheMs,
          maxEntries: 2_000,
        })
      : createMemoryCache(() => base.clock.now().getTime()),
    ...shared,
    immutable: createImmutableMemo(),
    queue: withQueueRecovery(
      base.queue ?? createQueueEngine(redis, base.config.queuePresenceMs),
      base.db,
      base.config.sessionSecret,
    ),
  };
}

/** Pub/sub and the seat snapshot: in memory they share one emitter, so a snapshot write announces itself in order. */
function inProcessOrRedis(redis: Redis | null): Pick<Deps, 'pubsub' | 'seatState'> {
  if (redis) return { pubsub: createRedisPubSub(redis), seatState: createRedisVersionedHashes(redis) };
  const pubsub = createMemoryPubSub();
  return { pubsub, seatState: createMemoryVersionedHashes(pubsub) };
}

/** Closes what createDeps opened (not db or redis, which belong to the caller). */
export async function closeDeps(deps: Deps): Promise<void> {
  await deps.queue.close();
  await deps.pubsub.close();
}
