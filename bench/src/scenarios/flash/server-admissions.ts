/**
 * The admissions as the servers recorded them (`queue_turns.admitted_at`, written by the admission step with the
 * step's own time): the end of each buyer's wait for the estimate's score (eta-accuracy.ts).
 */
import type pg from 'pg';
import type { BuyerRecord } from './buyer.js';

export async function addServerAdmissions(
  pool: pg.Pool,
  concertId: string,
  records: BuyerRecord[],
): Promise<void> {
  const { rows } = await pool.query<{ token: string; admitted_at: Date }>(
    `SELECT token, admitted_at FROM queue_turns WHERE concert_id = $1 AND admitted_at IS NOT NULL`,
    [concertId],
  );
  const at = new Map(rows.map((r) => [r.token, r.admitted_at.getTime()]));
  for (const r of records) {
    const admitted = r.token === undefined ? undefined : at.get(r.token);
    if (admitted !== undefined) r.admittedServerAt = admitted;
  }
}

/** The sale's latest ended turns (ms, newest first), as the estimate's prior reads them for a later sale. */
export async function endedTurnLengths(pool: pg.Pool, concertId: string): Promise<number[]> {
  const { rows } = await pool.query<{ ms: number }>(
    `SELECT (extract(epoch FROM ended_at - admitted_at) * 1000)::float8 AS ms FROM queue_turns
      WHERE concert_id = $1 AND ended_at IS NOT NULL AND admitted_at IS NOT NULL
      ORDER BY ended_at DESC LIMIT 200`,
    [concertId],
  );
  return rows.map((r) => Number(r.ms));
}
