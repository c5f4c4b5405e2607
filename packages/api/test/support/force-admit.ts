/**
 * Admitting one token at once, whatever the capacity or rate: for tests of what lies behind the waiting room
 * (seats, holds, payment). Production engines have no such call; this writes the engine's own store the way an
 * admission step does for one token: the Redis keys, or the in-process engine's state, which the harness keeps a
 * handle on (`createTestQueueEngine`).
 */
import type { Redis } from 'ioredis';
import type { Deps } from '../../src/deps.js';
import {
  createMemoryQueueEngine,
  type MemoryQueueStore,
} from '../../src/modules/queue/memory-queue.engine.js';
import type { QueueEngine, QueueTokenInfo } from '../../src/modules/queue/queue.engine.js';
import { innerQueueEngine } from '../../src/modules/queue/queue-recovery.js';
import { concertIdOfToken } from '../../src/modules/queue/queue-token.js';
import { createRedisQueueEngine, queueKeys } from '../../src/modules/queue/redis-queue.engine.js';

const memoryStores = new WeakMap<QueueEngine, MemoryQueueStore>();

/** The engine createDeps would build, with the in-process one's state reachable by `forceAdmit`. */
export function createTestQueueEngine(redis: Redis | null): QueueEngine {
  if (redis) return createRedisQueueEngine(redis);
  const store: MemoryQueueStore = new Map();
  const engine = createMemoryQueueEngine(store);
  memoryStores.set(engine, store);
  return engine;
}

// KEYS: waiting, active, seen, cfg. ARGV: token, now. Moves a WAITING token to ACTIVE for the concert's TTL.
const admitOneScript = `
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('ZREM', KEYS[3], ARGV[1])
  local ttlMs = tonumber(redis.call('HGET', KEYS[4], 'ttl') or '600') * 1000
  redis.call('ZADD', KEYS[2], tonumber(ARGV[2]) + ttlMs, ARGV[1])
end
return 1
`;

/**
 * Makes a WAITING token ACTIVE now and returns its state as its owner would read it (an EXPIRED or unknown token
 * stays so). Works on the deps of a test app and on deps over Redis shared with server processes.
 */
export async function forceAdmit(deps: Deps, token: string, now: Date): Promise<QueueTokenInfo | null> {
  const concertId = concertIdOfToken(token);
  if (!concertId) return null;
  if (deps.redis) {
    const [waiting, active, seen, , , cfg] = queueKeys(concertId);
    await deps.redis.eval(admitOneScript, 4, waiting!, active!, seen!, cfg!, token, now.getTime());
  } else {
    const store = memoryStores.get(innerQueueEngine(deps.queue));
    if (!store) throw new Error('forceAdmit: an in-process engine not built by createTestQueueEngine');
    const q = store.get(concertId);
    if (q?.waiting.delete(token)) {
      q.seen.delete(token);
      q.active.set(token, now.getTime() + q.activeTtlMs);
    }
  }
  return deps.queue.status(token, now);
}
