/**
 * One call gives a test file real dependencies: its own PostgreSQL database cloned from the template, and either a
 * Redis key prefix of its own or the in-process stores (`redis: false`), plus a clock the test can move.
 */
import { ManualClock, type Clock } from '../../src/clock.js';
import { createConfig, type AppConfig } from '../../src/config.js';
import { createInnerContext, type RequestCredentials } from '../../src/context.js';
import { closeDeps, createDeps, type Deps } from '../../src/deps.js';
import type { SecurityLog } from '../../src/infra/security-log.js';
import { formatRateLimits, scaledRateLimits } from '../../src/rate-limits.js';
import { createCaller } from '../../src/router.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { createTestQueueEngine } from './force-admit.js';
import { createTestRedis, type TestRedis } from './redis.js';

export const testSessionSecret = 'test-secret-test-secret-test-secret-0123456789';

/**
 * The limits of tests that are about something else: a thousand times the defaults, so 1,000 joins or many sign-ups
 * from 127.0.0.1 never reach one. Tests of the limits themselves set tight ones.
 */
export const testRateLimits = scaledRateLimits(1000);
/** The same for server processes, as their `RATE_LIMITS`. */
export const testRateLimitsEnv = formatRateLimits(testRateLimits);

/**
 * The environment of server processes started by tests that are about something else: generous rate limits, load
 * shedding and dependency timeouts, so a loaded test machine's late event loop is neither refused as overload nor read
 * as Redis or PostgreSQL being down. The tests of those rules set tight values of their own.
 */
export const testServerEnv: Readonly<Record<string, string>> = {
  RATE_LIMITS: testRateLimitsEnv,
  SHED_MAX_EVENT_LOOP_DELAY_MS: '60000',
  SHED_MAX_IN_FLIGHT: '100000',
  SHED_MAX_DATABASE_WAIT_MS: '60000',
  REDIS_COMMAND_TIMEOUT_MS: '20000',
  REDIS_CONNECT_TIMEOUT_MS: '20000',
  REDIS_MAX_RETRIES_PER_REQUEST: '3',
  DATABASE_CONNECT_TIMEOUT_MS: '30000',
  DATABASE_STATEMENT_TIMEOUT_MS: '60000',
  DATABASE_QUERY_TIMEOUT_MS: '60000',
  BREAKER_FAILURES: '50',
};

export interface TestApp {
  deps: Deps;
  database: TestDatabase;
  redis: TestRedis | null;
  clock: Clock;
  /** A router caller with these credentials, as the HTTP adapter would build it. */
  caller(credentials?: RequestCredentials): ReturnType<typeof createCaller>;
  close(): Promise<void>;
}

export async function createTestApp(
  options: { redis?: boolean; clock?: Clock; config?: Partial<AppConfig>; securityLog?: SecurityLog } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const redis = options.redis === false ? null : await createTestRedis();
  const clock = options.clock ?? new ManualClock();
  const config = createConfig({
    sessionSecret: testSessionSecret,
    rateLimits: testRateLimits,
    ...options.config,
  });
  const deps = createDeps({
    db: database.handle.db,
    redis: redis?.redis ?? null,
    clock,
    config,
    queue: createTestQueueEngine(redis?.redis ?? null),
    ...(options.securityLog ? { securityLog: options.securityLog } : {}),
  });
  return {
    deps,
    database,
    redis,
    clock,
    caller: (credentials = {}) => createCaller(createInnerContext(deps, credentials)),
    async close() {
      await closeDeps(deps);
      await redis?.cleanup();
      await database.drop();
    },
  };
}
