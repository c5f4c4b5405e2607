/**
 * How long a call asking the pool for a connection now would wait, read in O(1): the process's I/O queue in one
 * figure, for the load shedder (`@tix/api`'s load/load-shedder.ts). When PostgreSQL is slow (its CPU busy, rows locked)
 * every connection stays checked out longer, the pool runs full, and calls queue for the next one free.
 *
 * The figure is the longer of two:
 * - the calls already waiting times how long a connection is held (a moving average of recent checkouts), shared
 *   among the pool's connections: Little's law, the wait a new call faces behind them. It rises as soon as the
 *   queue does or PostgreSQL slows, before anyone has waited long;
 * - the age of the call that has waited longest: what the queue has actually cost, whatever the average says.
 * Both are 0 the moment a caller finds a connection free, so a burst the pool absorbs reads as a short wait that is
 * already over, and only a standing queue reaches a limit.
 */
import { performance } from 'node:perf_hooks';

export interface WaitTimedPool<Client, Options> {
  /** The pool Kysely's PostgresDialect needs. */
  pool: {
    connect(): Promise<Client>;
    end(): Promise<void>;
    options: Options;
  };
  /** Milliseconds a call asking for a connection now would wait (see above); 0 when none is waiting. */
  waitMs(): number;
}

/** The weight of the latest checkout in the average hold time: about the last 20 checkouts count. */
const holdWeight = 0.05;

/** `pool` (of `size` connections), with the waits for its connections measured. */
export function timePoolWaits<Client extends { release(err?: Error | boolean): void }, Options>(
  pool: { connect(): Promise<Client>; end(): Promise<void>; options: Options },
  size: number,
): WaitTimedPool<Client, Options> {
  // A Set iterates in insertion order and every wait starts later than the ones before it, so the first is the oldest.
  const waiting = new Set<{ since: number }>();
  const checkedOutAt = new WeakMap<Client, number>();
  const timed = new WeakSet<Client>();
  let meanHoldMs = 0;
  let checkouts = 0;

  const timeHolds = (client: Client): Client => {
    checkedOutAt.set(client, performance.now());
    if (timed.has(client)) return client;
    timed.add(client);
    const release = client.release.bind(client);
    client.release = (err?: Error | boolean) => {
      const since = checkedOutAt.get(client);
      if (since !== undefined) {
        checkedOutAt.delete(client);
        const heldMs = performance.now() - since;
        // The first checkout is the average at once: from 0 it would take dozens to reach the truth.
        meanHoldMs = checkouts++ === 0 ? heldMs : meanHoldMs + holdWeight * (heldMs - meanHoldMs);
      }
      release(err);
    };
    return client;
  };

  return {
    pool: {
      async connect() {
        const wait = { since: performance.now() };
        waiting.add(wait);
        try {
          return timeHolds(await pool.connect());
        } finally {
          waiting.delete(wait);
        }
      },
      end: () => pool.end(),
      options: pool.options,
    },
    waitMs() {
      const oldest = waiting.values().next();
      if (oldest.done) return 0;
      const queued = (waiting.size * meanHoldMs) / size;
      return Math.max(queued, performance.now() - oldest.value.since);
    },
  };
}
