/**
 * PostgreSQL's own count of transactions in the bench database (pg_stat_database). Every statement outside an
 * explicit transaction is one, so the delta over a run, per operation, shows how many separate trips to the
 * database an operation makes besides its main transaction.
 */
import type pg from 'pg';
import { sleep } from '../load/run.js';

export async function transactionCount(pool: pg.Pool): Promise<number> {
  // A backend reports its counters at most once a second while busy, and an idle one within 10 s
  // (PGSTAT_IDLE_INTERVAL): wait that long so the figure includes the last requests.
  await sleep(11_000);
  await pool.query('SELECT pg_stat_clear_snapshot()');
  const r = await pool.query<{ n: string }>(
    'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(r.rows[0]?.n ?? 0);
}
