/** What the flash sale checks in the database afterwards: oversold seats and the product's invariants. */
import type { Database } from '@tix/db';
import type pg from 'pg';
// The same audit the race tests run.
import { auditInvariants, type AuditReport } from '@tix/api/testing';

export interface SaleChecks {
  seatsSold: number;
  seatsInPaidReservations: number;
  /** Seats that appear in more than one PAID reservation: must be 0. */
  oversold: number;
  payments: number;
  audit: AuditReport;
  auditClean: boolean;
}

export async function checkSale(db: Database, pool: pg.Pool, performanceId: string): Promise<SaleChecks> {
  const one = async (text: string) =>
    Number((await pool.query<{ n: string }>(text, [performanceId])).rows[0]?.n ?? 0);
  const seatsSold = await one(
    `SELECT count(*) AS n FROM seats WHERE performance_id = $1 AND status = 'SOLD'`,
  );
  const seatsInPaidReservations = await one(
    `SELECT count(*) AS n FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id
      WHERE r.performance_id = $1 AND r.status = 'PAID'`,
  );
  const oversold = await one(
    `SELECT count(*) AS n FROM (
       SELECT rs.seat_no FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id
        WHERE r.performance_id = $1 AND r.status = 'PAID' GROUP BY rs.seat_no HAVING count(*) > 1) x`,
  );
  const payments = await one(
    `SELECT count(*) AS n FROM payments p JOIN reservations r ON r.id = p.reservation_id WHERE r.performance_id = $1`,
  );
  const audit = await auditInvariants(db);
  const auditClean = Object.values(audit).every((rows: unknown[]) => rows.length === 0);
  return { seatsSold, seatsInPaidReservations, oversold, payments, audit, auditClean };
}

export async function soldCount(pool: pg.Pool, performanceId: string): Promise<number> {
  const r = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM seats WHERE performance_id = $1 AND status = 'SOLD'`,
    [performanceId],
  );
  return Number(r.rows[0]?.n ?? 0);
}
