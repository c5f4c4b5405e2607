/**
 * Builds the dependencies from the environment, migrates, seeds demo data when asked, listens, schedules the jobs,
 * and closes everything in order. main.ts runs it as a process; tests start it in-process on port 0.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  closeDeps,
  createConfig,
  createDeps,
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
import { Redis } from 'ioredis';
import cron from 'node-cron';
import pino, { type Logger } from 'pino';
import { createApp } from './app.js';
import { seedDemoData, demoBuyer } from './demo-data.js';
import type { Env } from './env.js';

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

  const dbHandle = await createDb({
    databaseUrl: env.DATABASE_URL,
    pgliteDataDir: pgliteDir,
    poolSize: env.DATABASE_POOL_SIZE,
  });
  await migrateToLatest(dbHandle.db);

  const redis = env.REDIS_URL
    ? new Redis(env.REDIS_URL, {
        keyPrefix: env.REDIS_KEY_PREFIX,
        maxRetriesPerRequest: 3,
        enableAutoPipelining: true,
      })
    : null;
  redis?.on('error', (err) => logger.warn({ err }, 'redis connection error'));

  const config = createConfig({
    sessionSecret: env.SESSION_SECRET ?? embeddedSecret(path.resolve(env.DATA_DIR)),
    sessionTtlSeconds: env.SESSION_TTL_SECONDS,
    catalogCacheTtlSeconds: env.CATALOG_CACHE_TTL_SECONDS,
    rateLimits: { ...defaultRateLimits, ...env.RATE_LIMITS },
    loadLimits: {
      maxInFlight: env.SHED_MAX_IN_FLIGHT,
      maxEventLoopDelayMs: env.SHED_MAX_EVENT_LOOP_DELAY_MS,
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

  const app = createApp(deps, {
    logger,
    webDist: env.WEB_DIST ?? defaultWebDist,
    metricsToken: env.METRICS_TOKEN,
  });
  const httpServer = app.listen(env.PORT, env.HOST);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('listening', resolve);
    httpServer.once('error', reject);
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`;

  const tasks = env.RUN_JOBS
    ? jobs.map((job) =>
        cron.schedule(
          job.schedule,
          async () => {
            try {
              await job.run(deps);
            } catch (err) {
              logger.error({ err, job: job.name }, 'job failed');
            }
          },
          { name: job.name, noOverlap: true },
        ),
      )
    : [];

  logger.info(
    {
      url,
      mode: embedded ? 'embedded' : 'postgres',
      redis: Boolean(redis),
      broker: Boolean(broker),
      jobs: tasks.length,
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

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      for (const task of tasks) await task.destroy();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        // Live subscriptions (SSE) keep connections open; end them so shutdown does not hang.
        httpServer.closeIdleConnections();
        setTimeout(() => httpServer.closeAllConnections(), 2000).unref();
      });
      await closeDeps(deps);
      await broker?.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
      await dbHandle.close();
    })());

  return { url, deps, mode: embedded ? 'embedded' : 'postgres', close };
}
