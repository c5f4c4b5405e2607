/**
 * What other use cases do to a reservation inside their own transaction. `payment.pay` locks it, checks it may be
 * paid, then sells its seats and marks it PAID, calling these instead of the reservation's SQL; cancelling locks
 * it the same way.
 */
import type { Database, DB } from '@tix/db';
import type { Transaction } from 'kysely';
import { DomainError } from '../../errors.js';
import { hasHoldRunOut } from './hold-rules.js';
import {
  countReservationSeats,
  findReservation,
  lockAndMoveSeats,
  lockReservation,
  updateReservationStatus,
  type SeatWrite,
} from './reservation.queries.js';

export const alreadyPaid = () => new DomainError('ALREADY_PAID', 'This reservation is paid already');
const holdRanOut = () =>
  new DomainError('RESERVATION_EXPIRED', 'The hold ran out before payment; hold the seats again');

/** True when the caller owns the reservation and has paid it: the answer a refused retry should hear. */
export async function isPaidBy(db: Database, userId: string, reservationId: string): Promise<boolean> {
  const r = await findReservation(db, reservationId);
  return r?.user_id === userId && r.status === 'PAID';
}

/** The caller's own reservation, locked until the commit. */
export async function lockOwnReservation(trx: Transaction<DB>, userId: string, reservationId: string) {
  const r = await lockReservation(trx, reservationId);
  if (!r) throw new DomainError('RESERVATION_NOT_FOUND', 'No such reservation');
  if (r.user_id !== userId) throw new DomainError('FORBIDDEN', 'This reservation belongs to someone else');
  return r;
}

/** Refuses a reservation that is not a running hold, with the reason a buyer can act on. */
export function assertPayable(r: { status: string; expires_at: Date }, now: Date): void {
  if (r.status === 'PAID') throw alreadyPaid();
  if (r.status === 'EXPIRED' || hasHoldRunOut(r, now)) throw holdRanOut();
  if (r.status !== 'HELD') {
    throw new DomainError(
      'RESERVATION_NOT_PAYABLE',
      `A ${r.status.toLowerCase()} reservation cannot be paid`,
      {
        status: r.status,
      },
    );
  }
}

/**
 * Sells the reservation's seats and marks it PAID. Every seat must still be held by it; if another server's clock
 * let a buyer take one over, this refuses (the caller's transaction rolls back, debit included) rather than sell a
 * partial order.
 */
export async function sellReservation(
  trx: Transaction<DB>,
  reservationId: string,
  now: Date,
): Promise<SeatWrite[]> {
  const sold = await lockAndMoveSeats(trx, [reservationId], 'HELD', 'SOLD');
  if (sold.length !== (await countReservationSeats(trx, reservationId))) throw holdRanOut();
  await updateReservationStatus(trx, reservationId, 'HELD', { status: 'PAID', paid_at: now });
  return sold;
}
