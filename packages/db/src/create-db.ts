import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { createPglitePool, openPglite } from './pglite-pool.js';
import { startLivenessProbe, type LivenessSettings } from './liveness-probe.js';
import { guardPool, type PoolGuard } from './pool-guard.js';
import { timePoolWaits } from './pool-wait.js';

// int8 (money, ledger ids) arrives as bigint, never as a float or a string. Set once for every pg pool.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => BigInt(value));

export type Database = Kysely<DB>;

export interface DbHandle {
  db: Kysely<DB>;
  kind: 'postgres' | 'pglite';
  /**
   * Milliseconds a call asking for a pool connection now would wait, 0 while one is free (`pool-wait.ts`; the
   * load shedder reads it). Always 0 on PGlite, which runs on this process's own CPU.
   */
  connectionWaitMs(): number;
  close(): Promise<void>;
}

/**
 * Bounds on every PostgreSQL call (omitted: node-postgres' defaults, no bound). The server sets them all
 * (README, "Timeouts"); PGlite runs in process and needs none.
 */
export interface DbTimeouts {
  /**
   * Longest wait for a new connection, the TCP and the handshake. Not the wait for a busy pool's next free
   * connection: that is the process being busy, not PostgreSQL failing; load shedding keeps it short.
   */
  connectMs?: number | undefined;
  /** `statement_timeout`: PostgreSQL cancels a statement running longer. */
  statementMs?: number | undefined;
  /** The client gives up on a reply after this long (a silent network, where the server cannot cancel). */
  queryMs?: number | undefined;
  /** `idle_in_transaction_session_timeout`: PostgreSQL ends a session left idle inside a transaction. */
  idleInTransactionMs?: number | undefined;
}

export interface CreateDbOptions {
  /** A PostgreSQL connection string. Without it, an embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; omitted means in memory. */
  pgliteDataDir?: string | undefined;
  poolSize?: number;
  timeouts?: DbTimeouts | undefined;
  /** Told of every connection and query, and asked before each new connection (the API's circuit breaker). */
  guard?: LivePoolGuard | undefined;
  /**
   * With a guard: probe PostgreSQL on a connection of its own (`liveness-probe.ts`); when it is silent the guard is
   * told and every call waiting on it is released at once. Omitted: no probe.
   */
  liveness?: LivenessSettings | undefined;
}

/** A guard that also hears the liveness probe. */
export interface LivePoolGuard extends PoolGuard {
  /** The probe got no answer: refuse new work until it is answered again. */
  silent?(): void;
  /** The probe was answered. */
  answered?(): void;
}

export async function createDb(options: CreateDbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const t = options.timeouts ?? {};
    const size = options.poolSize ?? 20;
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: size,
      keepAlive: true,
      // pg-pool's own `connectionTimeoutMillis` also bounds the wait for a free connection of a full pool, and fails
      // it as "timeout exceeded when trying to connect": under load, calls that had only queued behind others were
      // answered SERVICE_UNAVAILABLE and counted as PostgreSQL failing, which opened the breaker on a busy but
      // healthy database. The bound goes on each new connection instead.
      ...(t.connectMs !== undefined && { Client: clientConnectingWithin(t.connectMs) }),
      ...(t.statementMs !== undefined && { statement_timeout: t.statementMs }),
      ...(t.queryMs !== undefined && { query_timeout: t.queryMs }),
      ...(t.idleInTransactionMs !== undefined && {
        idle_in_transaction_session_timeout: t.idleInTransactionMs,
      }),
    });
    // A connection dropping must not crash the process. The pool hears it for idle clients (and replaces them), but
    // it stops listening while a client is checked out (a transaction between two queries, say): that client then
    // emits 'error' with no listener, an uncaught exception. Its next query fails and the pool drops it on release.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const { guard, liveness } = options;
    const guarded = guard ? guardPool(pool, guard) : null;
    const probe =
      guarded && guard && liveness
        ? startLivenessProbe(options.databaseUrl, liveness, {
            silent() {
              guard.silent?.();
              guarded.abandonWaiting();
            },
            answered: () => guard.answered?.(),
          })
        : null;
    const timed = timePoolWaits(guarded?.pool ?? pool, size);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: timed.pool }) });
    return {
      db,
      kind: 'postgres',
      connectionWaitMs: timed.waitMs,
      async close() {
        await probe?.stop();
        await db.destroy();
      },
    };
  }
  const engine = await openPglite(options.pgliteDataDir);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPglitePool(engine) as never }) });
  return { db, kind: 'pglite', connectionWaitMs: () => 0, close: () => db.destroy() };
}

/** A pg Client whose connecting (TCP and handshake) fails after `ms` with "timeout expired". */
function clientConnectingWithin(ms: number) {
  return class extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: ms });
    }
  };
}
