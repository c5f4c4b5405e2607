/**
 * Configuration from the environment, validated at start. Every bad value is reported by name with what is wrong,
 * and the process exits before it listens.
 */
import { defaultLoadLimits, parseRateLimits } from '@tix/api';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** `name=points/seconds,…` over the defaults of `packages/api/src/rate-limits.ts`. */
const rateLimits = z.string().transform((text, ctx) => {
  try {
    return parseRateLimits(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/** `host:port,host:port` (Redis Sentinel addresses). */
const hostPorts = z.string().transform((text, ctx) => {
  const list = text.split(',').map((entry) => {
    const match = /^\s*([^\s:]+):(\d{1,5})\s*$/.exec(entry);
    return match ? { host: match[1]!, port: Number(match[2]) } : null;
  });
  if (list.some((e) => e === null || e.port > 65535)) {
    ctx.addIssue({ code: 'custom', message: 'host:port pairs separated by commas' });
    return z.NEVER;
  }
  return list as Array<{ host: string; port: number }>;
});

const ms = (min: number, max: number, fallback: number) =>
  z.coerce.number({ error: 'milliseconds' }).int().min(min).max(max).default(fallback);

const ZEnv = z
  .object({
    PORT: z.coerce.number({ error: 'a port number' }).int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'a postgres:// URL' }).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'a redis:// URL' }).optional(),
    REDIS_KEY_PREFIX: z.string().max(100).default('tix:'),
    // Redis Sentinel instead of REDIS_URL: the sentinels to ask, and the name of the primary they watch.
    REDIS_SENTINELS: hostPorts.optional(),
    REDIS_SENTINEL_NAME: z.string().min(1).max(100).default('mymaster'),
    // Bounds on every dependency call (README, "Timeouts and failures"); a call that cannot be served answers 503.
    REDIS_COMMAND_TIMEOUT_MS: ms(50, 60_000, 1000),
    REDIS_CONNECT_TIMEOUT_MS: ms(50, 60_000, 1000),
    REDIS_MAX_RETRIES_PER_REQUEST: z.coerce.number().int().min(0).max(20).default(1),
    DATABASE_CONNECT_TIMEOUT_MS: ms(50, 60_000, 2000),
    DATABASE_STATEMENT_TIMEOUT_MS: ms(50, 600_000, 5000),
    DATABASE_QUERY_TIMEOUT_MS: ms(50, 600_000, 6000),
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: ms(50, 600_000, 10_000),
    // The liveness probe (packages/db/src/liveness-probe.ts): `SELECT 1` on its own connection this often, and how
    // long it may go unanswered before PostgreSQL counts as silent and the calls waiting on it are released (503).
    DATABASE_PROBE_INTERVAL_MS: ms(50, 60_000, 250),
    DATABASE_PROBE_TIMEOUT_MS: ms(50, 60_000, 1000),
    BREAKER_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
    BREAKER_OPEN_MS: ms(50, 60_000, 1000),
    // The waiting room's presence window (docs/domain.md, "Recovery"); shorter only in tests.
    QUEUE_PRESENCE_MS: ms(1000, 3_600_000, 60_000),
    // How long SIGTERM waits for in-flight calls before it cuts what is left (README, "Stopping a server").
    SHUTDOWN_DRAIN_MS: ms(0, 120_000, 10_000),
    DATA_DIR: z.string().min(1).default('.data'),
    SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    SESSION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(7 * 24 * 3600),
    ADMIN_USERNAME: z.string().min(3).max(32).optional(),
    ADMIN_PASSWORD: z.string().min(8, 'at least 8 characters').optional(),
    DEMO_DATA: bool.optional(),
    RUN_JOBS: bool.default(true),
    RATE_LIMITS: rateLimits.optional(),
    // Load shedding (packages/api/src/load): the limits at which even a buyer's checkout is refused; cheaper
    // classes are refused from a share of them. The defaults are `defaultLoadLimits`.
    SHED_MAX_IN_FLIGHT: z.coerce
      .number({ error: 'a number of calls' })
      .int()
      .min(1)
      .max(100_000)
      .default(defaultLoadLimits.maxInFlight),
    SHED_MAX_EVENT_LOOP_DELAY_MS: z.coerce
      .number({ error: 'milliseconds' })
      .int()
      .min(10)
      .max(60_000)
      .default(defaultLoadLimits.maxEventLoopDelayMs),
    SHED_MAX_DATABASE_WAIT_MS: z.coerce
      .number({ error: 'milliseconds' })
      .int()
      .min(10)
      .max(60_000)
      .default(defaultLoadLimits.maxDatabaseWaitMs),
    SHED_RETRY_AFTER_SECONDS: z.coerce
      .number({ error: 'seconds' })
      .int()
      .min(1)
      .max(60)
      .default(defaultLoadLimits.retryAfterSeconds),
    CATALOG_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    // With Redis: how long a server answers from its own copy of a cached catalog read (infra/near-cache.ts).
    CATALOG_NEAR_CACHE_MS: z.coerce.number({ error: 'milliseconds' }).int().min(0).max(60_000).default(2000),
    // 0 makes every live watcher read its place again on every change (the way before the line's broadcast).
    QUEUE_WATCH_EXACT_MS: z.coerce
      .number({ error: 'milliseconds' })
      .int()
      .min(0)
      .max(600_000)
      .default(30_000),
    WEB_DIST: z.string().optional(),
    // Sale events (docs/domain.md, "Sale events"): the broker for internal consumers (NATS JetStream), off unless
    // set, and how webhooks are sent.
    BROKER_URL: z.url({ protocol: /^nats$/, error: 'a nats:// URL' }).optional(),
    BROKER_STREAM: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _')
      .default('TIX_EVENTS'),
    BROKER_SUBJECT_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'dot-separated tokens')
      .default('tix.events'),
    WEBHOOK_ALLOW_PRIVATE: bool.default(false),
    WEBHOOK_TIMEOUT_MS: z.coerce.number({ error: 'milliseconds' }).int().min(100).max(60_000).default(5000),
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(20),
    WEBHOOK_RETRY_BASE_MS: z.coerce.number({ error: 'milliseconds' }).int().min(1).max(600_000).default(1000),
    // Visible characters only, so it fits an Authorization header as is.
    METRICS_TOKEN: z
      .string()
      .min(16, 'at least 16 characters')
      .regex(/^[\x21-\x7e]+$/, 'visible ASCII characters, no spaces')
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .refine((e) => !e.DATABASE_URL || e.SESSION_SECRET, {
    path: ['SESSION_SECRET'],
    message: 'required when DATABASE_URL is set (every server of a deployment must share it)',
  })
  .refine((e) => !(e.REDIS_URL && e.REDIS_SENTINELS), {
    path: ['REDIS_SENTINELS'],
    message: 'REDIS_URL or REDIS_SENTINELS, not both',
  })
  .refine((e) => !e.ADMIN_USERNAME === !e.ADMIN_PASSWORD, {
    path: ['ADMIN_PASSWORD'],
    message: 'ADMIN_USERNAME and ADMIN_PASSWORD go together',
  });

export type Env = z.infer<typeof ZEnv>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset", as shells and compose files often pass them.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
