/**
 * How long calls are waiting for a connection of the pool, read in O(1): the age of the call that has waited longest
 * and still has none. It is the process's I/O queue in one figure. When PostgreSQL is slow (its CPU is busy, rows are
 * locked for seconds) every connection stays checked out longer, the pool runs full, and calls queue for the next one
 * free; that wait grows for as long as the pool cannot keep up and falls to 0 the moment a caller finds a connection
 * at once. A burst that the pool absorbs shows as a short wait that is already over, so the load shedder
 * (`@tix/api`'s load/load-shedder.ts) reads a standing queue, not a blip.
 */
import { performance } from 'node:perf_hooks';

export interface WaitTimedPool<Client, Options> {
  /** The pool Kysely's PostgresDialect needs. */
  pool: {
    connect(): Promise<Client>;
    end(): Promise<void>;
    options: Options;
  };
  /** Milliseconds the call waiting longest for a connection has waited so far; 0 when none is waiting. */
  waitMs(): number;
}

/** `pool`, with the waits for its connections measured. */
export function timePoolWaits<Client, Options>(pool: {
  connect(): Promise<Client>;
  end(): Promise<void>;
  options: Options;
}): WaitTimedPool<Client, Options> {
  // A Set iterates in insertion order and every wait starts later than the ones before it, so the first is the oldest.
  const waiting = new Set<{ since: number }>();
  return {
    pool: {
      async connect() {
        const wait = { since: performance.now() };
        waiting.add(wait);
        try {
          return await pool.connect();
        } finally {
          waiting.delete(wait);
        }
      },
      end: () => pool.end(),
      options: pool.options,
    },
    waitMs() {
      const oldest = waiting.values().next();
      return oldest.done ? 0 : performance.now() - oldest.value.since;
    },
  };
}
