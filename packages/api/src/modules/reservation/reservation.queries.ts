/**
 * Reservation and seat SQL. Locks are always taken in one global order so no two use cases can deadlock:
 * reservation row → wallet row → seat rows (by performance_id, seat_no). A hold locks only seats (and the caller's
 * own stale reservation first), the sweeper skips reservation rows someone else has locked.
 */
import type { Database, DB, ReservationsTable, ReservationStatus, SeatStatus } from '@tix/db';
import { sql, type Transaction, type Updateable } from 'kysely';
import { holdHasRunOut, holdIsLive, seatIsFree } from './hold-rules.js';

const reservationColumns = [
  'id',
  'user_id',
  'concert_id',
  'performance_id',
  'status',
  'total_price',
  'expires_at',
] as const;

export type SeatRef = { performance_id: string; seat_no: number };

/** A seat as a change left it, with the version PostgreSQL gave that change (what the seat snapshot records). */
export type SeatWrite = SeatRef & { status: SeatStatus; hold_expires_at: Date | null; version: bigint };
const seatWriteColumns = ['performance_id', 'seat_no', 'status', 'hold_expires_at', 'version'] as const;

/**
 * Everything a hold reads before its transaction, in one statement: the performance's rules (and what the answer
 * shows of it), then the cheap refusals, read without locks: the caller's hold still running, and the requested
 * seats plainly taken (SOLD, or HELD by a hold still running). A taken seat only becomes free through a commit or
 * the clock, so refusing on this read is as correct as refusing under the lock an instant earlier; it keeps a crowd
 * on a hot seat from queueing on its row lock just to hear "no". The decision to hold is still made under the lock.
 */
export function findHoldContext(
  db: Database,
  hold: { userId: string; performanceId: string; seatNos: number[]; now: Date },
) {
  return db
    .selectFrom('performances as p')
    .innerJoin('concerts as c', 'c.id', 'p.concert_id')
    .select((eb) => [
      'p.id',
      'p.concert_id',
      'p.starts_at',
      'c.title',
      'c.venue',
      'c.refund_cutoff_seconds',
      'c.hold_seconds',
      'c.max_seats_per_order',
      eb
        .selectFrom('reservations as r')
        .select('r.id')
        .where('r.user_id', '=', hold.userId)
        .whereRef('r.performance_id', '=', 'p.id')
        .where(holdIsLive(hold.now, 'r'))
        .limit(1)
        .as('pending_id'),
      sql<number[]>`array(${eb
        .selectFrom('seats as s')
        .select('s.seat_no')
        .whereRef('s.performance_id', '=', 'p.id')
        // Seat 0 never exists: a hold of standing places alone names no seat.
        .where('s.seat_no', 'in', hold.seatNos.length > 0 ? hold.seatNos : [0])
        .where((w) => w.not(seatIsFree(hold.now, 's')))
        .orderBy('s.seat_no')})`.as('taken_seat_nos'),
    ])
    .where('p.id', '=', hold.performanceId)
    .executeTakeFirst();
}

/**
 * Locks the requested seats, plus the seats still held by `staleIds` (the caller's own expired hold, about to be
 * released), in one statement ordered by seat_no: one ordered acquisition, so overlapping holds queue instead of
 * deadlocking.
 */
export function lockSeatsForHold(
  trx: Transaction<DB>,
  performanceId: string,
  seatNos: number[],
  staleIds: string[],
) {
  return trx
    .selectFrom('seats')
    .select(['seat_no', 'grade', 'price', 'status', 'hold_expires_at', 'reservation_id'])
    .where('performance_id', '=', performanceId)
    .where((eb) =>
      staleIds.length === 0
        ? eb('seat_no', 'in', seatNos.length > 0 ? seatNos : [0])
        : eb.or([
            eb('seat_no', 'in', seatNos.length > 0 ? seatNos : [0]),
            eb.and([eb('reservation_id', 'in', staleIds), eb('status', '=', 'HELD')]),
          ]),
    )
    .orderBy('seat_no')
    .forUpdate()
    .execute();
}

/**
 * Up to `count` free places among rows first..last, locked. SKIP LOCKED: places another hold is taking right now
 * are passed over, not waited for, so a crowd on one standing area spreads over its rows; each row is still taken
 * by one reservation only (markSeatsHeld repeats the rule). Locked after the seats (higher numbers), in order.
 */
export function lockFreePlaces(
  trx: Transaction<DB>,
  range: { performanceId: string; first: number; last: number; count: number; now: Date },
) {
  return trx
    .selectFrom('seats')
    .select(['seat_no', 'grade', 'price', 'status', 'hold_expires_at', 'reservation_id'])
    .where('performance_id', '=', range.performanceId)
    .where('seat_no', '>=', range.first)
    .where('seat_no', '<=', range.last)
    .where(seatIsFree(range.now))
    .orderBy('seat_no')
    .limit(range.count)
    .forUpdate()
    .skipLocked()
    .execute();
}

export function lockReservation(trx: Transaction<DB>, reservationId: string) {
  return trx
    .selectFrom('reservations')
    .select(reservationColumns)
    .where('id', '=', reservationId)
    .forUpdate()
    .executeTakeFirst();
}

export function findReservation(db: Database, reservationId: string) {
  return db
    .selectFrom('reservations')
    .select(reservationColumns)
    .where('id', '=', reservationId)
    .executeTakeFirst();
}

/** Moves a reservation on only from the status the caller saw under its lock. */
export function updateReservationStatus(
  trx: Transaction<DB>,
  reservationId: string,
  from: ReservationStatus,
  set: Updateable<ReservationsTable> & { status: ReservationStatus },
) {
  return trx
    .updateTable('reservations')
    .set(set)
    .where('id', '=', reservationId)
    .where('status', '=', from)
    .returning('id')
    .executeTakeFirst();
}

/**
 * Moves the seats that still belong to these reservations and are still in `from` (HELD → AVAILABLE on expiry or
 * cancel, HELD → SOLD on payment, SOLD → AVAILABLE on refund). Seats another hold has since taken point elsewhere
 * and are left alone. Locks them in (performance_id, seat_no) order first, like every other seat lock.
 */
export async function lockAndMoveSeats(
  trx: Transaction<DB>,
  reservationIds: string[],
  from: Extract<SeatStatus, 'HELD' | 'SOLD'>,
  to: Extract<SeatStatus, 'AVAILABLE' | 'SOLD'>,
): Promise<SeatWrite[]> {
  if (reservationIds.length === 0) return [];
  await trx
    .selectFrom('seats')
    .select(['performance_id', 'seat_no'])
    .where('reservation_id', 'in', reservationIds)
    .where('status', '=', from)
    .orderBy('performance_id')
    .orderBy('seat_no')
    .forUpdate()
    .execute();
  return moveSeats(trx, reservationIds, from, to);
}

/** The update half of lockAndMoveSeats, for callers that locked the seats already (the hold). */
export function moveSeats(
  trx: Transaction<DB>,
  reservationIds: string[],
  from: Extract<SeatStatus, 'HELD' | 'SOLD'>,
  to: Extract<SeatStatus, 'AVAILABLE' | 'SOLD'>,
): Promise<SeatWrite[]> {
  if (reservationIds.length === 0) return Promise.resolve([]);
  return trx
    .updateTable('seats')
    .set(
      to === 'AVAILABLE'
        ? { status: 'AVAILABLE', reservation_id: null, hold_expires_at: null }
        : { status: 'SOLD', hold_expires_at: null },
    )
    .where('reservation_id', 'in', reservationIds)
    .where('status', '=', from)
    .returning(seatWriteColumns)
    .execute();
}

export async function countReservationSeats(db: Database, reservationId: string): Promise<number> {
  const row = await db
    .selectFrom('reservation_seats')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('reservation_id', '=', reservationId)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Due holds for the sweeper: rows another transaction has locked (a payment, another sweeper) are skipped. */
export function lockDueHolds(trx: Transaction<DB>, now: Date, limit: number) {
  return trx
    .selectFrom('reservations')
    .select(['id', 'performance_id'])
    .where(holdHasRunOut(now))
    .orderBy('expires_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markExpired(trx: Transaction<DB>, reservationIds: string[]): Promise<void> {
  if (reservationIds.length === 0) return;
  await trx
    .updateTable('reservations')
    .set({ status: 'EXPIRED' })
    .where('id', 'in', reservationIds)
    .where('status', '=', 'HELD')
    .execute();
}
