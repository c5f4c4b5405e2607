/**
 * A sale to break on purpose: one server whose PostgreSQL (the shared one, a cloned database) and Redis (a private
 * redis-server) are both reached through fault proxies, with short timeouts so the tests stay short, a 40-seat
 * performance and admitted, funded buyers. `probe` makes one raw call and records what a client saw: status,
 * domain code, the dependency named, Retry-After and how long the answer took.
 */
import {
  makeBuyers,
  makeConcert,
  startFaultProxy,
  startPrivateRedis,
  waitUntil,
  type Buyer,
  type FaultProxy,
  type PrivateRedis,
  type TestDatabase,
} from '@tix/api/testing';
import { parseEnv, startServer, type RunningServer } from '../../src/index.js';
import { createSharedBackends, type SharedBackends } from './backends.js';
import { rawCall } from './raw-trpc.js';

export interface Seen {
  what: string;
  status: number;
  domainCode: string | null;
  dependency: string | null;
  retryAfter: string | null;
  ms: number;
}

export interface FaultWorld {
  server: RunningServer;
  database: TestDatabase;
  redis: PrivateRedis;
  pgProxy: FaultProxy;
  redisProxy: FaultProxy;
  performanceId: string;
  concertId: string;
  buyers: Buyer[];
  /** One raw call as `who`, timed; a call that got no HTTP answer is status 0. */
  probe(
    what: string,
    who: Buyer | null,
    kind: 'query' | 'mutation',
    path: string,
    input: unknown,
  ): Promise<Seen>;
  /** GET /readyz, timed, with its body. */
  ready(): Promise<Seen & { body: unknown }>;
  close(): Promise<void>;
}

/** Short bounds, so a broken dependency costs a test half a second per call, not the production defaults. */
export const faultEnv = {
  REDIS_COMMAND_TIMEOUT_MS: '1000',
  REDIS_CONNECT_TIMEOUT_MS: '500',
  DATABASE_CONNECT_TIMEOUT_MS: '800',
  DATABASE_STATEMENT_TIMEOUT_MS: '2000',
  DATABASE_QUERY_TIMEOUT_MS: '1000',
  BREAKER_OPEN_MS: '300',
  SHUTDOWN_DRAIN_MS: '5000',
  DATABASE_POOL_SIZE: '5',
};

export async function startFaultWorld(
  options: { buyers?: number; env?: Record<string, string> } = {},
): Promise<FaultWorld> {
  const backends: SharedBackends = await createSharedBackends();
  const redis = await startPrivateRedis();
  const pgUrl = new URL(backends.database.url);
  const pgProxy = await startFaultProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
  const redisProxy = await startFaultProxy({ host: '127.0.0.1', port: redis.port });
  pgUrl.port = String(pgProxy.port);
  const server = await startServer(
    parseEnv({
      ...backends.env,
      ...faultEnv,
      DATABASE_URL: pgUrl.toString(),
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      PORT: '0',
      LOG_LEVEL: 'silent',
      ...options.env,
    }),
  );
  const concert = await makeConcert(server.deps, {
    performances: [{ startsAt: new Date(Date.now() + 30 * 86_400_000), seats: 40 }],
  });
  const buyers = await makeBuyers(server.deps, options.buyers ?? 12, {
    funds: 1_000_000,
    admitTo: concert.concertId,
  });

  const probe: FaultWorld['probe'] = async (what, who, kind, path, input) => {
    const started = performance.now();
    try {
      const r = await rawCall(server.url, kind, path, input, {
        ...(who ? { authorization: `Bearer ${who.sessionToken}`, 'x-queue-token': who.queueToken } : {}),
      });
      const data = r.body.error?.json?.data as { domainCode?: string; dependency?: string } | undefined;
      return {
        what,
        status: r.status,
        domainCode: data?.domainCode ?? null,
        dependency: data?.dependency ?? null,
        retryAfter: r.headers.get('retry-after'),
        ms: Math.round(performance.now() - started),
      };
    } catch {
      return { what, status: 0, domainCode: null, dependency: null, retryAfter: null, ms: 0 };
    }
  };

  return {
    server,
    database: backends.database,
    redis,
    pgProxy,
    redisProxy,
    performanceId: concert.performances[0]!.performanceId,
    concertId: concert.concertId,
    buyers,
    probe,
    async ready() {
      const started = performance.now();
      const response = await fetch(`${server.url}/readyz`);
      const body: unknown = await response.json();
      return {
        what: 'readyz',
        status: response.status,
        domainCode: null,
        dependency: null,
        retryAfter: null,
        ms: Math.round(performance.now() - started),
        body,
      };
    },
    async close() {
      await server.close();
      await pgProxy.close();
      await redisProxy.close();
      await redis.close();
      await backends.cleanup();
    },
  };
}

/**
 * Sends a set-up call until it succeeds, as the SDK would: on a loaded machine a short timeout can refuse it with
 * SERVICE_UNAVAILABLE before any fault is made (`alsoDone`: codes that say an earlier refused attempt went through,
 * such as HOLD_ALREADY_PENDING).
 */
export async function untilOk(call: () => Promise<Seen>, alsoDone: string[] = []): Promise<Seen> {
  let last: Seen | undefined;
  await waitUntil('a set-up call succeeds', async () => {
    last = await call();
    const done = last.status === 200 || alsoDone.includes(last.domainCode ?? '');
    if (!done && last.domainCode !== 'SERVICE_UNAVAILABLE') throw new Error(JSON.stringify(last));
    return done;
  });
  return last!;
}

/**
 * The answers a client must never see while a dependency is down: no answer, or a 5xx that is not a 503 naming it.
 * /readyz answering 503 is its job.
 */
export function unexpected(seen: Seen[]): Seen[] {
  return seen.filter(
    (s) =>
      s.what !== 'readyz' && (s.status === 0 || (s.status >= 500 && s.domainCode !== 'SERVICE_UNAVAILABLE')),
  );
}

/** A one-line summary per call kind (the figures the report gives), printed by the scenario tests. */
export function summarise(title: string, seen: Seen[]): string {
  const groups = new Map<string, Seen[]>();
  for (const s of seen) groups.set(s.what, [...(groups.get(s.what) ?? []), s]);
  const lines = [...groups].map(([what, list]) => {
    const statuses = [...new Set(list.map((s) => `${s.status}${s.domainCode ? ` ${s.domainCode}` : ''}`))];
    return `  ${what}: ${list.length} calls, ${statuses.join(' / ')}, max ${Math.max(...list.map((s) => s.ms))} ms`;
  });
  return [`[faults] ${title}`, ...lines].join('\n');
}
