/**
 * `reservation.hold`: all or nothing, decided in SQL. One transaction locks the requested seats in seat_no order
 * (overlapping holds queue instead of deadlocking), checks each is free (AVAILABLE, or HELD by a hold whose time is
 * up: an expired hold is free at once, before any sweeper), then takes them and records the reservation.
 *
 * Before any of that, the requested seats are checked against the seat snapshot (concert/seat-availability.ts), the
 * same fresh availability `concert.seats` shows: a seat plainly someone else's (SOLD, or HELD with time left) is
 * refused with SEAT_UNAVAILABLE at once, with no PostgreSQL read or transaction, so the crowd that loses one hot
 * seat costs the database nothing. Anything that looks free, or any doubt, goes on to SQL, which decides. Chosen
 * order: this refusal comes before TOO_MANY_SEATS and before HOLD_ALREADY_PENDING for other seats (both need a read
 * of mutable rows); a seat the caller holds itself is left to SQL, which still answers HOLD_ALREADY_PENDING.
 * A crowd arriving at once, before anyone has won, waits per server behind the first request (hold-flights.ts).
 */
import type { Deps } from '../../deps.js';
import { DomainError, isPgError, pgErrorCode } from '../../errors.js';
import { requirePerformance } from '../concert/concert.service.js';
import { seatsPlainlyTaken } from '../concert/seat-availability.js';
import { seatsChanged } from '../concert/seat-changes.js';
import { recordEvent, recordReservationEvents } from '../events/outbox.js';
import { reservationKey } from '../events/sale-events.js';
import type { QueueTokenInfo } from '../queue/queue.engine.js';
import { toWon } from '../wallet/money.js';
import { assertQueueConcert } from '../queue/queue.guard.js';
import { createHoldFlights, type HoldFlights } from './hold-flights.js';
import { isSeatFree } from './hold-rules.js';
import {
  holdsExpired,
  holdsPlaced,
  holdsRefused,
  holdsRefusedEarly,
  holdTransactions,
} from './reservation.metrics.js';
import {
  expireOwnStaleHolds,
  findHoldContext,
  findPendingHold,
  insertReservation,
  insertReservationSeats,
  lockSeatsForHold,
  markSeatsHeld,
  moveSeats,
} from './reservation.queries.js';
import type { HoldInput } from './reservation.schema.js';
import { toReservationView, type ReservationView } from './reservation.view.js';

/** The performance's rules and the lock-free refusals, in one read; refuses in the order the client should hear. */
async function readHoldContext(
  deps: Deps,
  userId: string,
  queue: QueueTokenInfo,
  input: HoldInput,
  now: Date,
) {
  const seatNos = [...input.seatNos].sort((a, b) => a - b);
  const found = await findHoldContext(deps.db, { userId, performanceId: input.performanceId, seatNos, now });
  if (!found) throw new DomainError('PERFORMANCE_NOT_FOUND', 'No such performance');
  assertQueueConcert(queue, found.concert_id);
  if (seatNos.length > found.max_seats_per_order) {
    throw new DomainError('TOO_MANY_SEATS', `At most ${found.max_seats_per_order} seats per order`, {
      fields: ['seatNos'],
      maxSeatsPerOrder: found.max_seats_per_order,
    });
  }
  if (found.pending_id) throw holdPending(found.pending_id);
  if (found.taken_seat_nos.length > 0) throw seatUnavailable(found.taken_seat_nos);
  return { performance: found, seatNos };
}

function holdPending(reservationId?: string): DomainError {
  return new DomainError(
    'HOLD_ALREADY_PENDING',
    'You already hold seats for this date; pay or cancel first',
    reservationId ? { reservationId } : {},
  );
}

function seatUnavailable(seatNos: number[]): DomainError {
  return new DomainError('SEAT_UNAVAILABLE', `Seat ${seatNos.join(', ')} is not available`, { seatNos });
}

export async function holdSeats(
  deps: Deps,
  userId: string,
  queue: QueueTokenInfo,
  input: HoldInput,
): Promise<ReservationView> {
  try {
    const early = () => refusePlainlyTaken(deps, userId, queue, input, deps.clock.now());
    const hold = () => placeHold(deps, userId, queue, input);
    if (!(await early())) return await hold();
    const seats = input.seatNos.map((n) => `${input.performanceId}:${n}`);
    return await flightsOf(deps).run(seats, early, hold);
  } catch (err) {
    if (err instanceof DomainError) holdsRefused.inc({ code: err.code });
    throw err;
  }
}

/**
 * The cheap refusal: the performance (remembered per server) and the snapshot, no PostgreSQL read. Returns false
 * when the snapshot could not say (then SQL alone decides, and nothing waits on other holds).
 */
async function refusePlainlyTaken(
  deps: Deps,
  userId: string,
  queue: QueueTokenInfo,
  input: HoldInput,
  now: Date,
): Promise<boolean> {
  const performance = await requirePerformance(deps, input.performanceId);
  assertQueueConcert(queue, performance.concert_id);
  const taken = await seatsPlainlyTaken(deps, {
    performanceId: performance.id,
    userId,
    seatNos: input.seatNos,
    now,
  });
  if (taken === null) return false;
  if (taken.length > 0) {
    holdsRefusedEarly.inc();
    throw seatUnavailable(taken.sort((a, b) => a - b));
  }
  return true;
}

/** One HoldFlights per server (per Deps). */
const flights = new WeakMap<Deps, HoldFlights>();
function flightsOf(deps: Deps): HoldFlights {
  let found = flights.get(deps);
  if (!found) flights.set(deps, (found = createHoldFlights()));
  return found;
}

async function placeHold(deps: Deps, userId: string, queue: QueueTokenInfo, input: HoldInput) {
  const now = deps.clock.now();
  const { performance, seatNos } = await readHoldContext(deps, userId, queue, input, now);
  const expiresAt = new Date(now.getTime() + performance.hold_seconds * 1000);

  holdTransactions.inc();
  const outcome = await deps.db.transaction().execute(async (trx) => {
    // The caller's own hold whose time is up stops counting as pending; its seats are released below.
    const staleIds = (await expireOwnStaleHolds(trx, userId, performance.id, now)).map((r) => r.id);
    const pending = await findPendingHold(trx, userId, performance.id, now);
    if (pending) throw holdPending(pending.id);
    const locked = await lockSeatsForHold(trx, performance.id, seatNos, staleIds);
    const requested = locked.filter((s) => seatNos.includes(s.seat_no));
    const missing = seatNos.filter((n) => !requested.some((s) => s.seat_no === n));
    if (missing.length > 0) {
      throw new DomainError('SEAT_NOT_FOUND', `No seat ${missing.join(', ')} at this performance`, {
        fields: ['seatNos'],
        seatNos: missing,
      });
    }
    const taken = requested.filter((s) => !isSeatFree(s, now));
    if (taken.length > 0) throw seatUnavailable(taken.map((s) => s.seat_no));
    const freed = await moveSeats(trx, staleIds, 'HELD', 'AVAILABLE');

    const reservation = {
      user_id: userId,
      concert_id: performance.concert_id,
      performance_id: performance.id,
      status: 'HELD' as const,
      total_price: requested.reduce((sum, s) => sum + s.price, 0n),
      expires_at: expiresAt,
      created_at: now,
    };
    const { id } = await insertReservation(trx, reservation).catch((err: unknown) => {
      // A concurrent hold of the same user for this date committed first (one HELD per user and performance).
      if (isPgError(err, pgErrorCode.uniqueViolation, 'reservations_one_hold_idx')) {
        throw holdPending();
      }
      throw err;
    });
    const held = await markSeatsHeld(trx, {
      performanceId: performance.id,
      seatNos,
      reservationId: id,
      expiresAt,
      now,
    });
    if (held.length !== seatNos.length) throw new Error('hold: locked seats changed under their lock');
    await insertReservationSeats(trx, id, requested);
    await recordReservationEvents(trx, 'reservation.expired', staleIds);
    await recordEvent(trx, {
      type: 'reservation.held',
      aggregateKey: reservationKey(id),
      concertId: performance.concert_id,
      data: {
        reservationId: id,
        userId,
        concertId: performance.concert_id,
        performanceId: performance.id,
        totalPrice: toWon(reservation.total_price),
        seats: requested.map((s) => ({ seatNo: s.seat_no, grade: s.grade, price: toWon(s.price) })),
        expiresAt: expiresAt.toISOString(),
      },
    });
    // The answer is what this transaction wrote, so it needs no read-back.
    const view = toReservationView(
      {
        ...reservation,
        id,
        title: performance.title,
        starts_at: performance.starts_at,
        paid_at: null,
        cancelled_at: null,
      },
      requested,
      now,
    );
    return { view, staleCount: staleIds.length, freed, held };
  });

  // A pending hold keeps the waiting-room token alive until the hold ends. The hold is committed either way, so a
  // failure here must not turn it into an error the client would retry.
  await deps.queue.keepActiveUntil(queue.token, expiresAt).catch(() => {});
  holdsPlaced.inc();
  if (outcome.staleCount > 0) holdsExpired.inc({ by: 'owner' }, outcome.staleCount);
  const stillFree = outcome.freed.filter((s) => !seatNos.includes(s.seat_no));
  await seatsChanged(deps, [...stillFree, ...outcome.held.map((s) => ({ ...s, holder: userId }))]);
  return outcome.view;
}
