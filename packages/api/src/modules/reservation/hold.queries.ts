/**
 * The hold transaction's statements that were several round trips, each now one statement (issue 12: every round
 * trip inside the transaction is an event-loop turn of a busy server with a pooled connection held open, so a
 * hold's time in the pool grew with their number). The rules are the same SQL as before (hold-rules.ts), and
 * PostgreSQL runs each statement's parts against one snapshot, with the constraints checked at its end.
 */
import type { DB, ReservationsTable } from '@tix/db';
import { sql, type Insertable, type Transaction } from 'kysely';
import { holdHasRunOut, holdIsLive, seatIsFree } from './hold-rules.js';
import type { SeatWrite } from './reservation.queries.js';

/**
 * The caller's own holds for the performance whose time is up, marked EXPIRED (their ids), and the caller's hold
 * still running, if any. A hold is either live or run out at `now`, so the update never touches the one it finds.
 */
export async function expireStaleFindPending(
  trx: Transaction<DB>,
  hold: { userId: string; performanceId: string; now: Date },
): Promise<{ staleIds: string[]; pendingId: string | null }> {
  const { userId, performanceId, now } = hold;
  const { rows } = await sql<{ stale_ids: string[]; pending_id: string | null }>`
    WITH stale AS (
      UPDATE reservations SET status = 'EXPIRED'
      WHERE user_id = ${userId} AND performance_id = ${performanceId} AND ${holdHasRunOut(now)}
      RETURNING id
    )
    SELECT
      array(SELECT id::text FROM stale) AS stale_ids,
      (SELECT id FROM reservations
        WHERE user_id = ${userId} AND performance_id = ${performanceId} AND ${holdIsLive(now)} LIMIT 1) AS pending_id
  `.execute(trx);
  const row = rows[0]!;
  return { staleIds: row.stale_ids, pendingId: row.pending_id };
}

/**
 * Records the reservation, takes its seats (locked already) and lists them on it. The seats' WHERE repeats the
 * rule (free, or held by a hold that has run out) so the statement can never take a seat someone else still holds,
 * even if a caller skipped the lock; the caller compares `held` with what it asked for. A second running hold of
 * the caller for this date fails on `reservations_one_hold_idx`, as the insert alone did.
 */
export async function insertHold(
  trx: Transaction<DB>,
  hold: {
    reservation: Insertable<ReservationsTable> & { performance_id: string; expires_at: Date };
    seats: Array<{ seat_no: number; price: bigint }>;
    now: Date;
  },
): Promise<{ id: string; held: SeatWrite[] }> {
  const r = hold.reservation;
  const seatNos = hold.seats.map((s) => s.seat_no);
  const prices = hold.seats.map((s) => s.price.toString());
  const { rows } = await sql<{ id: string } & { [K in keyof SeatWrite]: SeatWrite[K] | null }>`
    WITH r AS (
      INSERT INTO reservations (user_id, concert_id, performance_id, status, total_price, expires_at, created_at)
      VALUES (${r.user_id}, ${r.concert_id}, ${r.performance_id}, ${r.status}, ${r.total_price},
        ${r.expires_at}, ${r.created_at})
      RETURNING id
    ), held AS (
      UPDATE seats SET status = 'HELD', reservation_id = (SELECT id FROM r), hold_expires_at = ${r.expires_at}
      WHERE performance_id = ${r.performance_id} AND seat_no = ANY(${seatNos}::int[]) AND ${seatIsFree(hold.now)}
      RETURNING performance_id, seat_no, status, hold_expires_at, version
    ), listed AS (
      INSERT INTO reservation_seats (reservation_id, seat_no, price)
      SELECT (SELECT id FROM r), unnest(${seatNos}::int[]), unnest(${prices}::bigint[])
    )
    SELECT r.id, held.* FROM r LEFT JOIN held ON true ORDER BY held.seat_no
  `.execute(trx);
  const held = rows.filter((row): row is typeof row & SeatWrite => row.seat_no !== null);
  return {
    id: rows[0]!.id,
    held: held.map(({ performance_id, seat_no, status, hold_expires_at, version }) => ({
      performance_id,
      seat_no,
      status,
      hold_expires_at,
      version,
    })),
  };
}
