/**
 * Shared PostgreSQL + Redis for server processes started by a test: a cloned database and a Redis key prefix of
 * the test's own, and the environment that points servers at them.
 */
import {
  createTestDatabase,
  createTestRedis,
  testServerEnv,
  testSessionSecret,
  type TestDatabase,
  type TestRedis,
} from '@tix/api/testing';
import { testMetricsToken } from './metrics.js';

export interface SharedBackends {
  database: TestDatabase;
  redis: TestRedis;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function createSharedBackends(extraEnv: Record<string, string> = {}): Promise<SharedBackends> {
  const database = await createTestDatabase(5);
  const redis = await createTestRedis();
  return {
    database,
    redis,
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.prefix,
      SESSION_SECRET: testSessionSecret,
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'admin-pass-123',
      DEMO_DATA: 'false',
      METRICS_TOKEN: testMetricsToken,
      // Generous limits, shedding and timeouts: these servers serve tests of other things; the tests of those
      // rules (limits, shedding, fault-world.ts) pass tight values of their own.
      ...testServerEnv,
      ...extraEnv,
    },
    async cleanup() {
      await redis.cleanup();
      await database.drop();
    },
  };
}
