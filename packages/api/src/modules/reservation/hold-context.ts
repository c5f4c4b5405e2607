/**
 * The refusals of a hold that read PostgreSQL, in the order the client should hear them (docs/domain.md, "Seats
 * and holds"): the performance's rules in one read before the transaction, and the standing places inside it.
 */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import type { QueueTokenInfo } from '../queue/queue.engine.js';
import { assertQueueConcert } from '../queue/queue.guard.js';
import type { ResolvedHold } from './hold-input.js';
import { findHoldContext, lockFreePlaces } from './reservation.queries.js';

/** The performance's rules and the lock-free refusals, in one read; refuses in the order the client should hear. */
export async function readHoldContext(
  deps: Deps,
  userId: string,
  queue: QueueTokenInfo,
  input: ResolvedHold,
  now: Date,
) {
  const seatNos = [...input.seatNos].sort((a, b) => a - b);
  const found = await findHoldContext(deps.db, { userId, performanceId: input.performanceId, seatNos, now });
  if (!found) throw new DomainError('PERFORMANCE_NOT_FOUND', 'No such performance');
  assertQueueConcert(queue, found.concert_id);
  if (seatNos.length + (input.standing?.count ?? 0) > found.max_seats_per_order) {
    throw new DomainError('TOO_MANY_SEATS', `At most ${found.max_seats_per_order} seats per order`, {
      fields: ['seatNos'],
      maxSeatsPerOrder: found.max_seats_per_order,
    });
  }
  if (found.pending_id) throw holdPending(found.pending_id);
  if (found.taken_seat_nos.length > 0) throw seatUnavailable(found.taken_seat_nos);
  return { performance: found, seatNos };
}

export function holdPending(reservationId?: string): DomainError {
  return new DomainError(
    'HOLD_ALREADY_PENDING',
    'You already hold seats for this date; pay or cancel first',
    reservationId ? { reservationId } : {},
  );
}

export function seatUnavailable(seatNos: number[]): DomainError {
  return new DomainError('SEAT_UNAVAILABLE', `Seat ${seatNos.join(', ')} is not available`, { seatNos });
}

/** `count` free places of the area, locked; STANDING_UNAVAILABLE when fewer are free (or being taken). */
export async function lockStandingPlaces(
  trx: Parameters<typeof lockFreePlaces>[0],
  performanceId: string,
  standing: NonNullable<ResolvedHold['standing']>,
  now: Date,
) {
  const { area, count } = standing;
  const places = await lockFreePlaces(trx, {
    performanceId,
    first: area.firstPlaceNo,
    last: area.firstPlaceNo + area.capacity - 1,
    count,
    now,
  });
  if (places.length < count) {
    throw new DomainError('STANDING_UNAVAILABLE', `${area.name} has fewer than ${count} places free`, {
      fields: ['standing.count'],
      sectionId: area.sectionId,
      available: places.length,
    });
  }
  return places;
}
