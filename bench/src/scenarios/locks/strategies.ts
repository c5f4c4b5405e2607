/**
 * Six ways to take an all-or-nothing hold on a few seats of a scratch table (bench_lock_seats, in the bench's own
 * database). Each returns an outcome name: OK, UNAVAILABLE (a seat was really taken: the business answer),
 * LOCK_BUSY (NOWAIT or the Redis lock refused), VERSION_CONFLICT (optimistic check lost), or a PG_<code> error.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { inTransaction } from '../../baseline/pg-transaction.js';

export interface StrategyDeps {
  pool: pg.Pool;
  redis: Redis;
  /** Counts optimistic retries, for the conflict table. */
  retries: { count: number };
}

export type Strategy = (deps: StrategyDeps, seats: number[], holder: number) => Promise<string>;

export const scratchTable = `
  DROP TABLE IF EXISTS bench_lock_seats;
  CREATE TABLE bench_lock_seats (
    seat_no integer PRIMARY KEY,
    status text NOT NULL DEFAULT 'AVAILABLE' CHECK (status IN ('AVAILABLE', 'HELD')),
    holder integer,
    version integer NOT NULL DEFAULT 0
  );`;

/** A transaction that commits only when the hold succeeded. */
const holdTransaction = (pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<string>) =>
  inTransaction(pool, fn, (outcome) => outcome === 'OK');

const take = `UPDATE bench_lock_seats SET status = 'HELD', holder = $2, version = version + 1
  WHERE seat_no = ANY($1::int[]) AND status = 'AVAILABLE'`;

/** One statement decides: the seats that were AVAILABLE become HELD; fewer rows than asked means someone won. */
const conditionalUpdate: Strategy = ({ pool }, seats, holder) =>
  holdTransaction(pool, async (c) => {
    const r = await c.query(take, [seats, holder]);
    return r.rowCount === seats.length ? 'OK' : 'UNAVAILABLE';
  });

function lockedThenUpdate(suffix: string): Strategy {
  return ({ pool }, seats, holder) =>
    holdTransaction(pool, async (c) => {
      // Locks in seat_no order, so two overlapping holds queue behind each other instead of deadlocking.
      const rows = await c.query<{ status: string }>(
        `SELECT status FROM bench_lock_seats WHERE seat_no = ANY($1::int[]) ORDER BY seat_no FOR UPDATE${suffix}`,
        [seats],
      );
      if (rows.rows.some((r) => r.status !== 'AVAILABLE')) return 'UNAVAILABLE';
      const r = await c.query(take, [seats, holder]);
      return r.rowCount === seats.length ? 'OK' : 'UNAVAILABLE';
    });
}

const forUpdate = lockedThenUpdate('');
const forUpdateNowait: Strategy = async (deps, seats, holder) => {
  try {
    return await lockedThenUpdate(' NOWAIT')(deps, seats, holder);
  } catch (err) {
    if ((err as { code?: string }).code === '55P03') return 'LOCK_BUSY';
    throw err;
  }
};

/** Reads versions without locks, then writes only if no version moved; loses instead of waiting. */
async function optimisticOnce(pool: pg.Pool, seats: number[], holder: number): Promise<string> {
  const read = await pool.query<{ seat_no: number; status: string; version: number }>(
    'SELECT seat_no, status, version FROM bench_lock_seats WHERE seat_no = ANY($1::int[])',
    [seats],
  );
  if (read.rows.some((r) => r.status !== 'AVAILABLE')) return 'UNAVAILABLE';
  return holdTransaction(pool, async (c) => {
    const r = await c.query(
      `UPDATE bench_lock_seats s SET status = 'HELD', holder = $3, version = s.version + 1
       FROM unnest($1::int[], $2::int[]) AS v(seat_no, version)
       WHERE s.seat_no = v.seat_no AND s.version = v.version`,
      [read.rows.map((r) => r.seat_no), read.rows.map((r) => r.version), holder],
    );
    return r.rowCount === seats.length ? 'OK' : 'VERSION_CONFLICT';
  });
}

const optimistic: Strategy = ({ pool }, seats, holder) => optimisticOnce(pool, seats, holder);

const optimisticRetry: Strategy = async ({ pool, retries }, seats, holder) => {
  let outcome = 'VERSION_CONFLICT';
  for (let attempt = 0; attempt < 4 && outcome === 'VERSION_CONFLICT'; attempt++) {
    if (attempt > 0) {
      retries.count += 1;
      await new Promise((r) => setTimeout(r, 1 + Math.random() * 4 * attempt));
    }
    outcome = await optimisticOnce(pool, seats, holder);
  }
  return outcome;
};

const unlock = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A Redis lock per seat (SET NX PX, taken in seat order, released by owner), then a plain read-check-write in SQL. */
const redisLock: Strategy = async ({ pool, redis }, seats, holder) => {
  const owner = randomUUID();
  const taken: string[] = [];
  try {
    for (const seat of [...seats].sort((a, b) => a - b)) {
      const key = `locktest:seat:${seat}`;
      if ((await redis.set(key, owner, 'PX', 2000, 'NX')) !== 'OK') return 'LOCK_BUSY';
      taken.push(key);
    }
    const read = await pool.query<{ status: string }>(
      'SELECT status FROM bench_lock_seats WHERE seat_no = ANY($1::int[])',
      [seats],
    );
    if (read.rows.some((r) => r.status !== 'AVAILABLE')) return 'UNAVAILABLE';
    await pool.query(
      `UPDATE bench_lock_seats SET status = 'HELD', holder = $2, version = version + 1 WHERE seat_no = ANY($1::int[])`,
      [seats, holder],
    );
    return 'OK';
  } finally {
    for (const key of taken) await redis.eval(unlock, 1, key, owner);
  }
};

export interface StrategyInfo {
  name: string;
  run: Strategy;
  product: boolean;
}

export const strategies: StrategyInfo[] = [
  { name: 'conditional UPDATE', run: conditionalUpdate, product: false },
  { name: 'FOR UPDATE in seat order + cond. UPDATE', run: forUpdate, product: true },
  { name: 'FOR UPDATE NOWAIT', run: forUpdateNowait, product: false },
  { name: 'optimistic version, no retry', run: optimistic, product: false },
  { name: 'optimistic version, 3 retries', run: optimisticRetry, product: false },
  { name: 'Redis lock (SET NX PX), then SQL', run: redisLock, product: false },
];

/**
 * Ends a successful hold so the seats can be taken again (the workload stays steady). If a strategy ever let two
 * holders in, the earlier holder finds fewer seats still its own: counted as LOST_HOLD, the failure that matters.
 */
export async function release(pool: pg.Pool, seats: number[], holder: number): Promise<boolean> {
  let released = 0;
  // One row per statement, so a release holds one row lock at a time. It can still be the victim of a deadlock
  // among conditional-UPDATE holds queued on the same row's tuple lock; it only touches its own rows, so retry.
  for (const seat of seats) {
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await pool.query(
          `UPDATE bench_lock_seats SET status = 'AVAILABLE', holder = NULL, version = version + 1
           WHERE seat_no = $1 AND holder = $2`,
          [seat, holder],
        );
        released += r.rowCount ?? 0;
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
      }
    }
  }
  return released === seats.length;
}
