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
 *
 * The hold limit (`holdPerUser`) is spent here, once per call, by a hold on its way to PostgreSQL, so a hold the
 * snapshot refuses costs one Redis round trip less (the queue token's alone, and its share of one snapshot read):
 * such a refusal tells nothing `concert.seats` does not (which has no limit) and costs the database nothing, while
 * every hold that can take a seat still spends its point first (docs/domain.md, "Seats and holds").
 *
 * Venues (docs/domain.md, "Venues"): seats may be named by label, standing places by area and count, or chosen by
 * the server (`best`). Standing places are rows of `seats` numbered after the seats; the transaction takes `count`
 * free ones of the area with FOR UPDATE SKIP LOCKED, so a crowd on one area never queues on one row and never
 * takes a place twice: each place row is held by one reservation, guarded by the same SQL as a seat.
 */
import type { Deps } from '../../deps.js';
import { DomainError, isPgError, pgErrorCode } from '../../errors.js';
import { requirePerformance } from '../concert/concert.service.js';
import { seatsPlainlyTaken, snapshotMoment } from '../concert/seat-availability.js';
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
import { lockSeatsForHold, moveSeats } from './reservation.queries.js';
import { holdPending, lockStandingPlaces, readHoldContext, seatUnavailable } from './hold-context.js';
import { expireStaleFindPending, insertHold } from './hold.queries.js';
import type { HoldInput } from './reservation.schema.js';
import { toReservationView } from './reservation.view.js';
import { resolveSeats, resolveStanding, type ResolvedHold } from './hold-input.js';
import { placesOf, withPlaces, type PlacedReservationView } from './reservation-places.js';
import { requireVenue } from '../venue/venue.service.js';
import { bestSeatCandidates } from './best-seat-candidates.js';

/** How many candidates of `best` are tried when faster buyers take the first ones. */
const BEST_ATTEMPTS = 3;

/** The hold limit's point, spent at most once per call however many candidates it tries. */
function holdLimit(deps: Deps, userId: string): () => Promise<unknown> {
  let spent: Promise<unknown> | null = null;
  return () => (spent ??= deps.limits.consume('holdPerUser', userId));
}

export async function holdSeats(
  deps: Deps,
  userId: string,
  queue: QueueTokenInfo,
  input: HoldInput,
): Promise<PlacedReservationView> {
  const spendLimit = holdLimit(deps, userId);
  try {
    const performance = await requirePerformance(deps, input.performanceId);
    assertQueueConcert(queue, performance.concert_id);
    const venue = await requireVenue(deps, input.performanceId);
    const standing = resolveStanding(venue, input.standing);
    if (!input.best) {
      const seatNos = resolveSeats(venue, input);
      const resolved = { performanceId: input.performanceId, venue, seatNos, standing };
      return await withPlaces(deps, await holdResolved(deps, userId, queue, resolved, spendLimit));
    }
    const candidates = await bestSeatCandidates(deps, venue, input.performanceId, input.best, BEST_ATTEMPTS);
    let lost: unknown = null;
    for (const seatNos of candidates) {
      try {
        const held = await holdResolved(
          deps,
          userId,
          queue,
          { performanceId: input.performanceId, venue, seatNos, standing },
          spendLimit,
        );
        return await withPlaces(deps, held);
      } catch (err) {
        // A faster buyer took one of these seats: the next candidate may still be free.
        if (!(err instanceof DomainError && err.code === 'SEAT_UNAVAILABLE')) throw err;
        lost = err;
      }
    }
    throw lost as Error;
  } catch (err) {
    if (err instanceof DomainError) holdsRefused.inc({ code: err.code });
    throw err;
  }
}

async function holdResolved(
  deps: Deps,
  userId: string,
  queue: QueueTokenInfo,
  input: ResolvedHold,
  spendLimit: () => Promise<unknown>,
) {
  const hold = async () => {
    await spendLimit();
    return placeHold(deps, userId, queue, input);
  };
  // Standing places alone: SKIP LOCKED spreads a crowd over the area's rows, so there is nothing to wait on.
  if (input.seatNos.length === 0) return hold();
  const arrived = snapshotMoment();
  const check = () => refusePlainlyTaken(deps, userId, queue, input, arrived);
  const seats = input.seatNos.map((n) => `${input.performanceId}:${n}`);
  return flightsOf(deps).run(seats, check, hold);
}

/**
 * The cheap refusal: the performance (remembered per server) and the snapshot, no PostgreSQL read. Returns false
 * when the snapshot could not say (then SQL alone decides, and nothing waits on other holds).
 */
async function refusePlainlyTaken(
  deps: Deps,
  userId: string,
  queue: QueueTokenInfo,
  input: ResolvedHold,
  arrived: number,
): Promise<boolean> {
  const performance = await requirePerformance(deps, input.performanceId);
  assertQueueConcert(queue, performance.concert_id);
  const taken = await seatsPlainlyTaken(deps, {
    performanceId: performance.id,
    userId,
    seatNos: input.seatNos,
    now: deps.clock.now(),
    arrived,
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

async function placeHold(deps: Deps, userId: string, queue: QueueTokenInfo, input: ResolvedHold) {
  const now = deps.clock.now();
  const { performance, seatNos: explicit } = await readHoldContext(deps, userId, queue, input, now);
  const expiresAt = new Date(now.getTime() + performance.hold_seconds * 1000);

  holdTransactions.inc();
  const outcome = await deps.db.transaction().execute(async (trx) => {
    // The caller's own hold whose time is up stops counting as pending; its seats are released below.
    const { staleIds, pendingId } = await expireStaleFindPending(trx, {
      userId,
      performanceId: performance.id,
      now,
    });
    if (pendingId) throw holdPending(pendingId);
    const locked = await lockSeatsForHold(trx, performance.id, explicit, staleIds);
    const requestedSeats = locked.filter((s) => explicit.includes(s.seat_no));
    const missing = explicit.filter((n) => !requestedSeats.some((s) => s.seat_no === n));
    if (missing.length > 0) {
      throw new DomainError('SEAT_NOT_FOUND', `No seat ${missing.join(', ')} at this performance`, {
        fields: ['seatNos'],
        seatNos: missing,
      });
    }
    const taken = requestedSeats.filter((s) => !isSeatFree(s, now));
    if (taken.length > 0) throw seatUnavailable(taken.map((s) => s.seat_no));
    const places = input.standing ? await lockStandingPlaces(trx, performance.id, input.standing, now) : [];
    const requested = [...requestedSeats, ...places];
    const seatNos = requested.map((s) => s.seat_no);
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
    const { id, held } = await insertHold(trx, { reservation, seats: requested, now }).catch(
      (err: unknown) => {
        // A concurrent hold of the same user for this date committed first (one HELD per user and performance).
        if (isPgError(err, pgErrorCode.uniqueViolation, 'reservations_one_hold_idx')) {
          throw holdPending();
        }
        // The operator cancelled the concert while this hold was on its way (the trigger of docs/domain.md).
        if (isPgError(err, pgErrorCode.checkViolation, 'reservations_concert_not_cancelled')) {
          throw new DomainError('CONCERT_CANCELLED', 'This concert was cancelled');
        }
        throw err;
      },
    );
    if (held.length !== seatNos.length) throw new Error('hold: locked seats changed under their lock');
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
        // Named as the answer names them (labels, standing areas), not by their inner seat numbers.
        ...placesOf(
          input.venue,
          requested.map((s) => ({ seatNo: s.seat_no, grade: s.grade, price: toWon(s.price) })),
        ),
        expiresAt: expiresAt.toISOString(),
      },
    });
    // The answer is what this transaction wrote, so it needs no read-back.
    const view = toReservationView(
      {
        ...reservation,
        id,
        title: performance.title,
        venue: performance.venue,
        refund_cutoff_seconds: performance.refund_cutoff_seconds,
        starts_at: performance.starts_at,
        paid_at: null,
        cancelled_at: null,
      },
      requested,
      now,
    );
    return { view, staleCount: staleIds.length, freed, held };
  });

  holdsPlaced.inc();
  if (outcome.staleCount > 0) holdsExpired.inc({ by: 'owner' }, outcome.staleCount);
  const stillFree = outcome.freed.filter((s) => !outcome.held.some((h) => h.seat_no === s.seat_no));
  // Both before the answer, side by side (one Redis round trip, not two: the crowd behind this hold waits for it):
  // a pending hold keeps the waiting-room token alive until the hold ends, and the snapshot shows the hold. The
  // hold is committed either way, so a failure of either must not turn it into an error the client would retry.
  await Promise.all([
    deps.queue.keepActiveUntil(queue.token, expiresAt).catch(() => {}),
    seatsChanged(deps, [...stillFree, ...outcome.held.map((s) => ({ ...s, holder: userId }))]),
  ]);
  return outcome.view;
}
