/**
 * The one shape every reservation procedure returns, and the reads behind it. A HELD reservation whose time is up
 * is shown as EXPIRED at once, before the sweeper has marked it, just as its seats already show as AVAILABLE.
 */
import type { Database, ReservationStatus } from '@tix/db';
import { sql } from 'kysely';
import { DomainError } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../infra/cursor.js';
import { toWon } from '../wallet/money.js';
import { hasHoldRunOut, holdHasRunOut, holdIsLive } from './hold-rules.js';

export interface ReservationView {
  reservationId: string;
  status: ReservationStatus;
  concertId: string;
  concertTitle: string;
  venue: string;
  performanceId: string;
  startsAt: Date;
  /** Until when cancelling a PAID reservation refunds it (docs/domain.md, "Wallet and payment"). */
  refundDeadline: Date;
  seats: Array<{ seatNo: number; grade: string; price: number }>;
  totalPrice: number;
  expiresAt: Date;
  createdAt: Date;
  paidAt: Date | null;
  cancelledAt: Date | null;
}

function baseQuery(db: Database) {
  return db
    .selectFrom('reservations as r')
    .innerJoin('performances as p', 'p.id', 'r.performance_id')
    .innerJoin('concerts as c', 'c.id', 'r.concert_id')
    .select([
      'r.id',
      'r.user_id',
      'r.concert_id',
      'r.performance_id',
      'r.status',
      'r.total_price',
      'r.expires_at',
      'r.created_at',
      'r.paid_at',
      'r.cancelled_at',
      'p.starts_at',
      'c.title',
      'c.venue',
      'c.refund_cutoff_seconds',
    ]);
}

/** A reservation row with its concert's title and its performance's date: what the view shows. */
export type ReservationRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

/** The last moment a PAID reservation may be cancelled for a refund: the show's start less the concert's cut-off. */
export function refundDeadlineOf(startsAt: Date, refundCutoffSeconds: number): Date {
  return new Date(startsAt.getTime() - refundCutoffSeconds * 1000);
}

function effectiveStatus(row: { status: ReservationStatus; expires_at: Date }, now: Date): ReservationStatus {
  return hasHoldRunOut(row, now) ? 'EXPIRED' : row.status;
}

async function withSeats(db: Database, rows: ReservationRow[], now: Date): Promise<ReservationView[]> {
  if (rows.length === 0) return [];
  const seats = await db
    .selectFrom('reservation_seats as rs')
    .innerJoin('reservations as r', 'r.id', 'rs.reservation_id')
    .innerJoin('seats as s', (join) =>
      join.onRef('s.performance_id', '=', 'r.performance_id').onRef('s.seat_no', '=', 'rs.seat_no'),
    )
    .select(['rs.reservation_id', 'rs.seat_no', 'rs.price', 's.grade'])
    .where(
      'rs.reservation_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('rs.seat_no')
    .execute();
  return rows.map((r) =>
    toReservationView(
      r,
      seats.filter((s) => s.reservation_id === r.id),
      now,
    ),
  );
}

/** The view of one reservation from its row and its seats (in seat order). */
export function toReservationView(
  r: ReservationRow,
  seats: ReadonlyArray<{ seat_no: number; grade: string; price: bigint }>,
  now: Date,
): ReservationView {
  return {
    reservationId: r.id,
    status: effectiveStatus(r, now),
    concertId: r.concert_id,
    concertTitle: r.title,
    venue: r.venue,
    performanceId: r.performance_id,
    startsAt: r.starts_at,
    refundDeadline: refundDeadlineOf(r.starts_at, r.refund_cutoff_seconds),
    seats: seats.map((s) => ({ seatNo: s.seat_no, grade: s.grade, price: toWon(s.price) })),
    totalPrice: toWon(r.total_price),
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    paidAt: r.paid_at,
    cancelledAt: r.cancelled_at,
  };
}

/** One reservation for its owner: RESERVATION_NOT_FOUND if unknown, FORBIDDEN if someone else's. */
export async function loadOwnReservation(
  db: Database,
  userId: string,
  reservationId: string,
  now: Date,
): Promise<ReservationView> {
  const row = await baseQuery(db).where('r.id', '=', reservationId).executeTakeFirst();
  if (!row) throw new DomainError('RESERVATION_NOT_FOUND', 'No such reservation');
  if (row.user_id !== userId) throw new DomainError('FORBIDDEN', 'This reservation belongs to someone else');
  const [view] = await withSeats(db, [row], now);
  return view!;
}

/** The owner's reservations, newest first, filtered by the status they are shown with. */
export async function listOwnReservations(
  db: Database,
  userId: string,
  page: { status?: ReservationStatus | undefined; cursor?: string | undefined; limit: number },
  now: Date,
): Promise<{ items: ReservationView[]; nextCursor: string | null }> {
  let query = baseQuery(db)
    .where('r.user_id', '=', userId)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(page.limit + 1);
  if (page.status === 'HELD') query = query.where(holdIsLive(now, 'r'));
  else if (page.status === 'EXPIRED') {
    query = query.where((eb) => eb.or([eb('r.status', '=', 'EXPIRED'), holdHasRunOut(now, 'r')]));
  } else if (page.status) query = query.where('r.status', '=', page.status);
  if (page.cursor) {
    const after = decodeCursor(page.cursor);
    query = query.where(sql<boolean>`(r.created_at, r.id) < (${after.at}, ${after.id}::uuid)`);
  }
  const rows = await query.execute();
  const items = await withSeats(db, rows.slice(0, page.limit), now);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.createdAt, last.reservationId) : null,
  };
}
