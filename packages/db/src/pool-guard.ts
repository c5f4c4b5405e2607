/**
 * A pg pool behind a guard (the API's database circuit breaker): a new connection is refused at once while the
 * guard says PostgreSQL is down, and every connection attempt and query tells the guard how it went. The guard
 * decides what counts as PostgreSQL failing; this file only reports.
 */
import type pg from 'pg';

export interface PoolGuard {
  /** Throws when no new work should reach PostgreSQL now. */
  admit(): void;
  /** One connection attempt or query ended: null when it succeeded, else its error. */
  settled(err: unknown): void;
}

type Query = pg.PoolClient['query'];

const guarded = new WeakSet<pg.PoolClient>();

function guardClient(client: pg.PoolClient, guard: PoolGuard): pg.PoolClient {
  if (guarded.has(client)) return client;
  guarded.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const result = query(...args);
    // Cursors and callbacks return no promise; only awaited queries are observed.
    if (result instanceof Promise) {
      result.then(
        () => guard.settled(null),
        (err: unknown) => guard.settled(err),
      );
    }
    return result;
  }) as Query;
  return client;
}

/** The pool Kysely's PostgresDialect needs, over `pool`, with `guard` in front of each connection. */
export function guardPool(pool: pg.Pool, guard: PoolGuard) {
  return {
    async connect(): Promise<pg.PoolClient> {
      guard.admit();
      try {
        const client = await pool.connect();
        guard.settled(null);
        return guardClient(client, guard);
      } catch (err) {
        guard.settled(err);
        throw err;
      }
    },
    end: () => pool.end(),
    // Kysely reads the pool's options (to open a side connection that cancels a query).
    options: pool.options,
  };
}
