import type { Redis } from 'ioredis';
import { createMemoryQueueEngine } from './memory-queue.engine.js';
import type { QueueEngine } from './queue.engine.js';
import { createRedisQueueEngine } from './redis-queue.engine.js';

/** Redis when there is one (shared by every server), else the in-process engine of the embedded default. */
export function createQueueEngine(redis: Redis | null): QueueEngine {
  return redis ? createRedisQueueEngine(redis) : createMemoryQueueEngine();
}
