/**
 * The raw-SQL baselines: the statements of the product's hold and payment transactions
 * (packages/api/src/modules/reservation/hold.service.ts, payment/payment.service.ts), in the same order with the same
 * locks and guards, sent straight through `pg`: no HTTP, no tRPC, no session or queue check, no Kysely, no Redis.
 * The hold also runs the product's one read before its transaction (the performance's rules with the lock-free
 * refusals, which decide how a crowd on a hot seat is answered); like the product, it reads nothing back.
 * The ratio to them shows what the product adds around the same database work.
 */
import type pg from 'pg';
import { inTransaction } from './pg-transaction.js';

export interface HoldInput {
  userId: string;
  concertId: string;
  performanceId: string;
  seatNos: number[];
  holdSeconds: number;
}

class Refused extends Error {
  constructor(readonly outcome: string) {
    super(outcome);
  }
}

/** Returns 'OK' with the reservation id, or the domain outcome the product would answer with. */
export async function rawHold(
  pool: pg.Pool,
  h: HoldInput,
): Promise<{ code: string; reservationId?: string }> {
  const seats = [...h.seatNos].sort((a, b) => a - b);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + h.holdSeconds * 1000);
  try {
    // The product's one read first: the rules, then the cheap refusals read without locks (the caller's running
    // hold, seats plainly taken).
    const context = await pool.query<{ pending_id: string | null; taken_seat_nos: number[] }>(
      `SELECT p.id, p.concert_id, p.starts_at, c.title, c.hold_seconds, c.max_seats_per_order,
          (SELECT r.id FROM reservations r WHERE r.user_id = $1 AND r.performance_id = p.id AND r.status = 'HELD'
              AND r.expires_at > $3 LIMIT 1) AS pending_id,
          array(SELECT s.seat_no FROM seats s WHERE s.performance_id = p.id AND s.seat_no = ANY($4::int[])
              AND (s.status = 'SOLD' OR (s.status = 'HELD' AND s.hold_expires_at > $3)) ORDER BY s.seat_no)
            AS taken_seat_nos
        FROM performances p JOIN concerts c ON c.id = p.concert_id WHERE p.id = $2`,
      [h.userId, h.performanceId, now, seats],
    );
    const found = context.rows[0];
    if (!found) return { code: 'PERFORMANCE_NOT_FOUND' };
    if (found.pending_id) return { code: 'HOLD_ALREADY_PENDING' };
    if (found.taken_seat_nos.length > 0) return { code: 'SEAT_UNAVAILABLE' };
    const reservationId = await inTransaction(pool, async (c) => {
      // The caller's own stale hold, then a pending one, then the seats locked in seat_no order.
      const before = await c.query<{ pending_id: string | null }>(
        `WITH stale AS (
           UPDATE reservations SET status = 'EXPIRED'
           WHERE user_id = $1 AND performance_id = $2 AND status = 'HELD' AND expires_at <= $3 RETURNING id)
         SELECT array(SELECT id::text FROM stale) AS stale_ids,
           (SELECT id FROM reservations WHERE user_id = $1 AND performance_id = $2 AND status = 'HELD'
              AND expires_at > $3 LIMIT 1) AS pending_id`,
        [h.userId, h.performanceId, now],
      );
      if (before.rows[0]!.pending_id) throw new Refused('HOLD_ALREADY_PENDING');
      const locked = await c.query<{
        seat_no: number;
        price: string;
        status: string;
        hold_expires_at: Date | null;
      }>(
        `SELECT seat_no, grade, price, status, hold_expires_at, reservation_id FROM seats
          WHERE performance_id = $1 AND seat_no = ANY($2::int[]) ORDER BY seat_no FOR UPDATE`,
        [h.performanceId, seats],
      );
      if (locked.rows.length !== seats.length) throw new Refused('SEAT_NOT_FOUND');
      const free = (s: (typeof locked.rows)[number]) =>
        s.status === 'AVAILABLE' ||
        (s.status === 'HELD' && s.hold_expires_at !== null && s.hold_expires_at <= now);
      if (!locked.rows.every(free)) throw new Refused('SEAT_UNAVAILABLE');
      const total = locked.rows.reduce((n, r) => n + BigInt(r.price), 0n);
      const res = await c.query<{ id: string; seat_no: number | null }>(
        `WITH r AS (
           INSERT INTO reservations (user_id, concert_id, performance_id, status, total_price, expires_at, created_at)
           VALUES ($1, $2, $3, 'HELD', $4, $5, $6) RETURNING id
         ), held AS (
           UPDATE seats SET status = 'HELD', reservation_id = (SELECT id FROM r), hold_expires_at = $5
           WHERE performance_id = $3 AND seat_no = ANY($7::int[])
             AND (status = 'AVAILABLE' OR (status = 'HELD' AND hold_expires_at <= $6))
           RETURNING performance_id, seat_no, status, hold_expires_at, version
         ), listed AS (
           INSERT INTO reservation_seats (reservation_id, seat_no, price)
           SELECT (SELECT id FROM r), unnest($7::int[]), unnest($8::bigint[])
         )
         SELECT r.id, held.* FROM r LEFT JOIN held ON true ORDER BY held.seat_no`,
        [
          h.userId,
          h.concertId,
          h.performanceId,
          total.toString(),
          expiresAt,
          now,
          locked.rows.map((r) => r.seat_no),
          locked.rows.map((r) => r.price),
        ],
      );
      const id = res.rows[0]!.id;
      if (res.rows.filter((r) => r.seat_no !== null).length !== seats.length)
        throw new Error('hold: locked seats changed under their lock');
      return id;
    });
    return { code: 'OK', reservationId };
  } catch (err) {
    if (err instanceof Refused) return { code: err.outcome };
    if ((err as { code?: string }).code === '23505') return { code: 'HOLD_ALREADY_PENDING' };
    throw err;
  }
}

/**
 * Pays a HELD reservation: claim the idempotency key, lock the reservation, debit by a conditional UPDATE, ledger
 * entry, lock and sell the seats, count them, payment row, reservation PAID, store the response.
 */
export async function rawPay(
  pool: pg.Pool,
  p: { userId: string; reservationId: string; idempotencyKey: string },
): Promise<{ code: string }> {
  const now = new Date();
  try {
    return await inTransaction(pool, async (c) => {
      const claimed = await c.query(
        `INSERT INTO idempotency_keys (user_id, key, operation, request_hash, response)
         VALUES ($1, $2, 'payment.pay', $3, 'null') ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
        [p.userId, p.idempotencyKey, p.reservationId],
      );
      if (claimed.rows.length === 0) throw new Refused('REPLAY');
      const r = await c.query<{ id: string; status: string; expires_at: Date; total_price: string }>(
        `SELECT id, user_id, concert_id, performance_id, status, total_price, expires_at FROM reservations
          WHERE id = $1 FOR UPDATE`,
        [p.reservationId],
      );
      const row = r.rows[0];
      if (!row) throw new Refused('RESERVATION_NOT_FOUND');
      if (row.status !== 'HELD' || row.expires_at <= now) throw new Refused('RESERVATION_NOT_PAYABLE');
      const debit = await c.query<{ balance: string }>(
        `UPDATE wallet_accounts SET balance = balance - $2, updated_at = $3
          WHERE user_id = $1 AND balance >= $2 RETURNING balance`,
        [p.userId, row.total_price, now],
      );
      const balance = debit.rows[0]?.balance;
      if (balance === undefined) throw new Refused('INSUFFICIENT_BALANCE');
      await c.query(
        `INSERT INTO wallet_ledger (user_id, kind, amount, balance_after, reference) VALUES ($1, 'PAYMENT', $2, $3, $4)`,
        [p.userId, `-${row.total_price}`, balance, row.id],
      );
      await c.query(
        `SELECT performance_id, seat_no FROM seats WHERE reservation_id = $1 AND status = 'HELD'
          ORDER BY performance_id, seat_no FOR UPDATE`,
        [row.id],
      );
      const sold = await c.query(
        `UPDATE seats SET status = 'SOLD', hold_expires_at = NULL WHERE reservation_id = $1 AND status = 'HELD'
          RETURNING performance_id, seat_no`,
        [row.id],
      );
      const count = await c.query<{ n: string }>(
        'SELECT count(*) AS n FROM reservation_seats WHERE reservation_id = $1',
        [row.id],
      );
      if (sold.rowCount !== Number(count.rows[0]?.n)) throw new Refused('RESERVATION_EXPIRED');
      const payment = await c.query<{ id: string }>(
        `INSERT INTO payments (user_id, reservation_id, amount, idempotency_key, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
        [p.userId, row.id, row.total_price, p.idempotencyKey, now],
      );
      await c.query(
        `UPDATE reservations SET status = 'PAID', paid_at = $2 WHERE id = $1 AND status = 'HELD'`,
        [row.id, now],
      );
      const response = { paymentId: payment.rows[0]!.id, reservationId: row.id, balance: Number(balance) };
      await c.query(`UPDATE idempotency_keys SET response = $3::jsonb WHERE user_id = $1 AND key = $2`, [
        p.userId,
        p.idempotencyKey,
        JSON.stringify({ json: response }),
      ]);
      return { code: 'OK' };
    });
  } catch (err) {
    if (err instanceof Refused) return { code: err.outcome };
    throw err;
  }
}
