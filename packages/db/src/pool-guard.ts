/**
 * A pg pool behind a guard (the API's database circuit breaker): a new connection is refused at once while the
 * guard says PostgreSQL is down, and every connection attempt and query tells the guard how it went. The guard
 * decides what counts as PostgreSQL failing; this file only reports. When the liveness probe
 * (`liveness-probe.ts`) finds PostgreSQL silent, `abandonWaiting` releases every call still waiting on it.
 */
import type pg from 'pg';

export interface PoolGuard {
  /** Throws when no new work should reach PostgreSQL now. */
  admit(): void;
  /** One connection attempt or query ended: null when it succeeded, else its error. */
  settled(err: unknown): void;
  /** The error a call released by `abandonWaiting` fails with (the API's SERVICE_UNAVAILABLE, `database`). */
  unavailable(): Error;
}

type Query = pg.PoolClient['query'];

export interface GuardedPool {
  /** The pool Kysely's PostgresDialect needs. */
  pool: {
    connect(): Promise<pg.PoolClient>;
    end(): Promise<void>;
    options: pg.PoolConfig;
  };
  /**
   * PostgreSQL has gone silent: every connection checked out is closed (a query in flight on it, or sent on it
   * later, fails with `guard.unavailable()` at once; its transaction is lost with the connection and PostgreSQL rolls
   * it back), and every call still waiting for a connection is refused the same way.
   */
  abandonWaiting(): void;
}

/** Ends a connection at once, even one whose socket gets no answer (`end()` alone waits for the server). */
function destroy(client: pg.PoolClient): void {
  client.end().catch(() => {});
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

/** `pool` behind `guard`. */
export function guardPool(pool: pg.Pool, guard: PoolGuard): GuardedPool {
  const guarded = new WeakSet<pg.PoolClient>();
  const checkedOut = new Set<pg.PoolClient>();
  /** Closed by `abandonWaiting`: whatever they were doing fails as PostgreSQL unavailable. */
  const lost = new WeakSet<pg.PoolClient>();
  const waitingForConnection = new Set<(err: Error) => void>();

  const guardClient = (client: pg.PoolClient): pg.PoolClient => {
    checkedOut.add(client);
    if (guarded.has(client)) return client;
    guarded.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      if (lost.has(client)) return Promise.reject(guard.unavailable());
      const result = query(...args);
      // Cursors and callbacks return no promise; only awaited queries are observed.
      if (!(result instanceof Promise)) return result;
      return result.then(
        (value: unknown) => {
          guard.settled(null);
          return value;
        },
        (err: unknown) => {
          if (lost.has(client)) throw guard.unavailable();
          guard.settled(err);
          throw err;
        },
      );
    }) as Query;
    const release = client.release.bind(client);
    client.release = (err?: Error | boolean) => {
      checkedOut.delete(client);
      // A lost connection is never handed out again.
      return release(lost.has(client) ? true : err);
    };
    return client;
  };

  return {
    pool: {
      async connect(): Promise<pg.PoolClient> {
        guard.admit();
        let refuse: (err: Error) => void = () => {};
        const refused = new Promise<never>((_, reject) => {
          refuse = reject;
        });
        waitingForConnection.add(refuse);
        const connecting = pool.connect();
        try {
          const client = await Promise.race([connecting, refused]);
          guard.settled(null);
          return guardClient(client);
        } catch (err) {
          // Still waiting: the pool itself failed. Gone from the set: refused by abandonWaiting.
          if (waitingForConnection.has(refuse)) guard.settled(err);
          else {
            // Refused by abandonWaiting: the pool may still hand a connection over later; it goes straight back.
            connecting.then(
              (client) => client.release(true),
              () => {},
            );
          }
          throw err;
        } finally {
          waitingForConnection.delete(refuse);
        }
      },
      end: () => pool.end(),
      // Kysely reads the pool's options (to open a side connection that cancels a query).
      options: pool.options,
    },
    abandonWaiting() {
      for (const client of [...checkedOut]) {
        lost.add(client);
        destroy(client);
      }
      const refusal = guard.unavailable();
      for (const refuse of [...waitingForConnection]) {
        waitingForConnection.delete(refuse);
        refuse(refusal);
      }
    },
  };
}
