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
