import { Redis } from 'ioredis';
import { testRedisUrl, uniqueName } from './env.js';

export interface TestRedis {
  redis: Redis;
  prefix: string;
  url: string;
  /** Deletes every key under the prefix and disconnects. */
  cleanup(): Promise<void>;
}

/** A Redis connection whose keys all live under a prefix unique to this test file. */
export async function createTestRedis(): Promise<TestRedis> {
  const prefix = `${uniqueName('tixtest')}:`;
  const redis = new Redis(testRedisUrl, { keyPrefix: prefix, maxRetriesPerRequest: 3 });
  await redis.ping();
  return {
    redis,
    prefix,
    url: testRedisUrl,
    async cleanup() {
      const raw = new Redis(testRedisUrl);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await raw.del(...keys);
        } while (cursor !== '0');
      } finally {
        raw.disconnect();
        redis.disconnect();
      }
    },
  };
}
