import type { Redis } from 'ioredis';
import { createMemoryQueueEngine } from './memory-queue.engine.js';
import { PRESENCE_TIMEOUT_MS, type QueueEngine } from './queue.engine.js';
import { createRedisQueueEngine } from './redis-queue.engine.js';

/**
 * Redis when there is one (shared by every server), else the in-process engine of the embedded default.
 * `presenceMs`: the presence window (queue.engine.ts, PRESENCE_TIMEOUT_MS; QUEUE_PRESENCE_MS on the server).
 */
export function createQueueEngine(
  redis: Redis | null,
  presenceMs: number = PRESENCE_TIMEOUT_MS,
): QueueEngine {
  return redis ? createRedisQueueEngine(redis, presenceMs) : createMemoryQueueEngine(new Map(), presenceMs);
}
