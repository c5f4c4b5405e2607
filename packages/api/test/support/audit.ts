/**
 * The invariants every race test checks afterwards, as SQL. Each query returns the rows that break a rule, so an
 * empty result is a pass.
 *
 * `now` says which HELD reservations are still live; pass the test's clock (`app.clock.now()`) when it is not the
 * real time, since an expired hold's seats may legitimately belong to a newer reservation already.
 */
import type { Database } from '@tix/db';
import { sql } from 'kysely';

export interface AuditReport {
  balanceNotLedger: unknown[];
  negativeBalance: unknown[];
  seatInTwoLiveReservations: unknown[];
  soldSeatWithoutPaidReservation: unknown[];
  paidWithoutPayment: unknown[];
  /** A HELD or SOLD seat whose reservation does not list it, or is not HELD (for HELD) / PAID (for SOLD). */
  seatPointsAtWrongReservation: unknown[];
  /** A PAID reservation with a seat that is not SOLD to it: a buyer charged for a seat they do not get. */
  paidSeatNotSold: unknown[];
  /** A payment whose amount differs from its reservation's total or lacks its one PAYMENT ledger entry. */
  paymentNotDebited: unknown[];
  /** A reservation with more than one payment-side or refund-side ledger entry, or a REFUNDED one without its refund. */
  ledgerNotOnePerReservation: unknown[];
}

export async function auditInvariants(db: Database, now: Date = new Date()): Promise<AuditReport> {
  const rows = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows;
  return {
    balanceNotLedger: await rows(sql`
      SELECT a.user_id, a.balance, coalesce(sum(l.amount), 0) AS ledger
      FROM wallet_accounts a LEFT JOIN wallet_ledger l ON l.user_id = a.user_id
      GROUP BY a.user_id, a.balance HAVING a.balance <> coalesce(sum(l.amount), 0)`),
    negativeBalance: await rows(sql`SELECT user_id FROM wallet_accounts WHERE balance < 0`),
    seatInTwoLiveReservations: await rows(sql`
      SELECT r.performance_id, rs.seat_no, count(*)
      FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id
      WHERE r.status = 'PAID' OR (r.status = 'HELD' AND r.expires_at > ${now})
      GROUP BY r.performance_id, rs.seat_no HAVING count(*) > 1`),
    soldSeatWithoutPaidReservation: await rows(sql`
      SELECT s.performance_id, s.seat_no FROM seats s
      LEFT JOIN reservations r ON r.id = s.reservation_id
      WHERE s.status = 'SOLD' AND (r.id IS NULL OR r.status <> 'PAID')`),
    paidWithoutPayment: await rows(sql`
      SELECT r.id FROM reservations r LEFT JOIN payments p ON p.reservation_id = r.id
      WHERE r.status IN ('PAID', 'REFUNDED') AND p.id IS NULL`),
    seatPointsAtWrongReservation: await rows(sql`
      SELECT s.performance_id, s.seat_no, s.status, r.status AS reservation_status FROM seats s
      JOIN reservations r ON r.id = s.reservation_id
      LEFT JOIN reservation_seats rs ON rs.reservation_id = r.id AND rs.seat_no = s.seat_no
      WHERE rs.seat_no IS NULL OR r.performance_id <> s.performance_id
        OR (s.status = 'HELD' AND (r.status <> 'HELD' OR s.hold_expires_at <> r.expires_at))
        OR (s.status = 'SOLD' AND r.status <> 'PAID')`),
    paidSeatNotSold: await rows(sql`
      SELECT r.id, rs.seat_no FROM reservations r
      JOIN reservation_seats rs ON rs.reservation_id = r.id
      JOIN seats s ON s.performance_id = r.performance_id AND s.seat_no = rs.seat_no
      WHERE r.status = 'PAID' AND (s.status <> 'SOLD' OR s.reservation_id IS DISTINCT FROM r.id)`),
    paymentNotDebited: await rows(sql`
      SELECT p.id FROM payments p JOIN reservations r ON r.id = p.reservation_id
      WHERE p.amount <> r.total_price
        OR (p.amount > 0 AND (SELECT count(*) FROM wallet_ledger l
              WHERE l.user_id = p.user_id AND l.kind = 'PAYMENT' AND l.reference = r.id::text
                AND l.amount = -p.amount) <> 1)`),
    ledgerNotOnePerReservation: await rows(sql`
      SELECT r.id, r.status,
        (SELECT count(*) FROM wallet_ledger l WHERE l.reference = r.id::text AND l.kind = 'PAYMENT') AS payments,
        (SELECT count(*) FROM wallet_ledger l WHERE l.reference = r.id::text AND l.kind = 'REFUND') AS refunds
      FROM reservations r
      WHERE (SELECT count(*) FROM wallet_ledger l WHERE l.reference = r.id::text AND l.kind = 'PAYMENT') > 1
        OR (SELECT count(*) FROM wallet_ledger l WHERE l.reference = r.id::text AND l.kind = 'REFUND')
           <> CASE WHEN r.status = 'REFUNDED' AND r.total_price > 0 THEN 1 ELSE 0 END
        OR (r.status NOT IN ('PAID', 'REFUNDED')
            AND EXISTS (SELECT 1 FROM wallet_ledger l WHERE l.reference = r.id::text AND l.kind = 'PAYMENT'))`),
  };
}

export const cleanAudit: AuditReport = {
  balanceNotLedger: [],
  negativeBalance: [],
  seatInTwoLiveReservations: [],
  soldSeatWithoutPaidReservation: [],
  paidWithoutPayment: [],
  seatPointsAtWrongReservation: [],
  paidSeatNotSold: [],
  paymentNotDebited: [],
  ledgerNotOnePerReservation: [],
};
