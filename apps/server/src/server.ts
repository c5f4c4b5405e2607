/**
 * Builds the dependencies from the environment, migrates, seeds demo data when asked, listens, schedules the jobs,
 * and closes everything in order. main.ts runs it as a process; tests start it in-process on port 0.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  closeDeps,
  createConfig,
  createDependencyBreakers,
  createDeps,
  createRedisClient,
  databaseGuard,
  defaultRateLimits,
  defaultRelaySettings,
  connectEventBroker,
  ensureAdmin,
  jobs,
  systemClock,
  type Clock,
  type Deps,
} from '@tix/api';
import { createDb, migrateToLatest } from '@tix/db';
import pino, { type Logger } from 'pino';
import { createRequestListener } from './app.js';
import { seedDemoData, demoBuyer } from './demo-data.js';
import { trackForDrain } from './drain.js';
import type { Env } from './env.js';
import { runJobs } from './job-runner.js';

export interface RunningServer {
  url: string;
  deps: Deps;
  mode: 'embedded' | 'postgres';
  close(): Promise<void>;
}

const embeddedAdmin = { username: 'admin', password: 'admin-pass-123' };
const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Embedded mode keeps a random secret beside its data, so sessions survive a restart without any setup. */
function embeddedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export async function startServer(
  env: Env,
  options: { logger?: Logger; clock?: Clock } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: env.LOG_LEVEL });
  const embedded = !env.DATABASE_URL;
  const pgliteDir = path.resolve(env.DATA_DIR, 'pglite');
  if (embedded) mkdirSync(pgliteDir, { recursive: true });

  const withRedis = Boolean(env.REDIS_URL ?? env.REDIS_SENTINELS);
  const breakers = createDependencyBreakers({
    redis: withRedis,
    settings: { failuresToOpen: env.BREAKER_FAILURES, openMs: env.BREAKER_OPEN_MS },
  });
  const dbHandle = await createDb({
    databaseUrl: env.DATABASE_URL,
    pgliteDataDir: pgliteDir,
    poolSize: env.DATABASE_POOL_SIZE,
    timeouts: {
      connectMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      queryMs: env.DATABASE_QUERY_TIMEOUT_MS,
      idleInTransactionMs: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    guard: databaseGuard(breakers.database),
    liveness: { intervalMs: env.DATABASE_PROBE_INTERVAL_MS, timeoutMs: env.DATABASE_PROBE_TIMEOUT_MS },
  });
  await migrateToLatest(dbHandle.db);

  const redis = withRedis
    ? createRedisClient(
        {
          url: env.REDIS_URL,
          sentinels: env.REDIS_SENTINELS,
          sentinelName: env.REDIS_SENTINEL_NAME,
          keyPrefix: env.REDIS_KEY_PREFIX,
          commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
          connectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS,
          maxRetriesPerRequest: env.REDIS_MAX_RETRIES_PER_REQUEST,
        },
        breakers.redis,
      )
    : null;
  // ioredis reports every failed reconnect; the log gets one line when Redis goes and one when it is back.
  let redisDown = false;
  redis?.on('error', (err) => {
    if (redisDown) return;
    redisDown = true;
    logger.warn({ err }, 'redis unavailable');
  });
  redis?.on('ready', () => {
    if (redisDown) logger.info('redis available again');
    redisDown = false;
  });

  const config = createConfig({
    sessionSecret: env.SESSION_SECRET ?? embeddedSecret(path.resolve(env.DATA_DIR)),
    sessionTtlSeconds: env.SESSION_TTL_SECONDS,
    catalogCacheTtlSeconds: env.CATALOG_CACHE_TTL_SECONDS,
    catalogNearCacheMs: env.CATALOG_NEAR_CACHE_MS,
    queuePresenceMs: env.QUEUE_PRESENCE_MS,
    queueWatchExactMs: env.QUEUE_WATCH_EXACT_MS,
    rateLimits: { ...defaultRateLimits, ...env.RATE_LIMITS },
    loadLimits: {
      maxInFlight: env.SHED_MAX_IN_FLIGHT,
      maxEventLoopDelayMs: env.SHED_MAX_EVENT_LOOP_DELAY_MS,
      maxDatabaseWaitMs: env.SHED_MAX_DATABASE_WAIT_MS,
      retryAfterSeconds: env.SHED_RETRY_AFTER_SECONDS,
    },
    relay: {
      ...defaultRelaySettings,
      allowPrivateTargets: env.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      backoffBaseMs: env.WEBHOOK_RETRY_BASE_MS,
    },
  });
  const broker = env.BROKER_URL
    ? await connectEventBroker({
        url: env.BROKER_URL,
        stream: env.BROKER_STREAM,
        subjectPrefix: env.BROKER_SUBJECT_PREFIX,
      })
    : null;
  const deps = createDeps({
    db: dbHandle.db,
    redis,
    breakers,
    clock: options.clock ?? systemClock,
    config,
    broker,
    securityLog: logger.child({ channel: 'security' }),
  });

  const admin =
    env.ADMIN_USERNAME && env.ADMIN_PASSWORD
      ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD }
      : embedded
        ? embeddedAdmin
        : null;
  if (admin) await ensureAdmin(deps, admin);
  const seeded = (env.DEMO_DATA ?? embedded) ? await seedDemoData(deps) : false;

  let drain: ReturnType<typeof trackForDrain> | null = null;
  const listener = createRequestListener(deps, {
    logger,
    isDraining: () => drain?.draining ?? false,
    databaseWaitMs: dbHandle.connectionWaitMs,
    webDist: env.WEB_DIST ?? defaultWebDist,
    metricsToken: env.METRICS_TOKEN,
  });
  const httpServer = createServer(listener).listen(env.PORT, env.HOST);
  drain = trackForDrain(httpServer);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('listening', resolve);
    httpServer.once('error', reject);
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`;

  const runner = env.RUN_JOBS ? runJobs(jobs, deps, logger) : null;

  logger.info(
    {
      url,
      mode: embedded ? 'embedded' : 'postgres',
      redis: Boolean(redis),
      broker: Boolean(broker),
      jobs: runner ? jobs.length : 0,
    },
    'listening',
  );
  if (seeded || embedded) {
    logger.info(
      // Usernames only: passwords never go to the log (README gives the demo ones).
      {
        operator: admin ? { username: admin.username } : null,
        buyer: seeded ? { username: demoBuyer.username } : undefined,
      },
      'demo data ready',
    );
  }

  // SIGTERM: stop accepting and drain the calls in flight (at most SHUTDOWN_DRAIN_MS), stop the jobs and wait for
  // their runs, and only then close Redis and PostgreSQL, which those calls and runs were using.
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const drained = await drain.drain(env.SHUTDOWN_DRAIN_MS);
      logger.info(drained, 'drained');
      await runner?.stop();
      await closeDeps(deps);
      await broker?.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
      await dbHandle.close();
    })());

  return { url, deps, mode: embedded ? 'embedded' : 'postgres', close };
}
