/**
 * Shared PostgreSQL + Redis for server processes started by a test: a cloned database and a Redis key prefix of
 * the test's own, and the environment that points servers at them.
 */
import {
  createTestDatabase,
  createTestRedis,
  testRateLimitsEnv,
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
      // Generous: these servers serve tests of other things; the limit tests pass their own RATE_LIMITS.
      RATE_LIMITS: testRateLimitsEnv,
      // Likewise load shedding: a loaded test machine's event loop must not refuse another suite's calls.
      SHED_MAX_EVENT_LOOP_DELAY_MS: '60000',
      SHED_MAX_IN_FLIGHT: '100000',
      // Likewise the dependency timeouts: a loaded machine's late event loop must not read as Redis being down.
      // The fault tests set short ones (fault-world.ts).
      REDIS_COMMAND_TIMEOUT_MS: '20000',
      REDIS_CONNECT_TIMEOUT_MS: '20000',
      REDIS_MAX_RETRIES_PER_REQUEST: '3',
      DATABASE_CONNECT_TIMEOUT_MS: '30000',
      DATABASE_STATEMENT_TIMEOUT_MS: '60000',
      DATABASE_QUERY_TIMEOUT_MS: '60000',
      BREAKER_FAILURES: '50',
      ...extraEnv,
    },
    async cleanup() {
      await redis.cleanup();
      await database.drop();
    },
  };
}
