/**
 * The expiry sweeper: marks HELD reservations whose time is up EXPIRED and frees their seats. Every server runs it
 * every few seconds; `FOR UPDATE SKIP LOCKED` gives each instance a disjoint batch, and a reservation a payment has
 * locked is skipped, so a late payment and the sweeper serialise on the reservation row and exactly one wins.
 * Seats another buyer took over after the hold ran out point at their new reservation and are left alone.
 */
import type { Deps } from '../../deps.js';
import { seatsChanged } from '../concert/seat-changes.js';
import { recordReservationEvents } from '../events/outbox.js';
import { holdsExpired } from './reservation.metrics.js';
import { lockAndMoveSeats, lockDueHolds, markExpired } from './reservation.queries.js';

export interface SweepOptions {
  batchSize?: number;
  /** Bounds one run; whatever is left waits for the next tick. */
  maxBatches?: number;
}

/** Returns how many reservations this run expired. */
export async function sweepExpiredHolds(deps: Deps, options: SweepOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? 20;
  let total = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const now = deps.clock.now();
    const { expired, freed } = await deps.db.transaction().execute(async (trx) => {
      const due = await lockDueHolds(trx, now, batchSize);
      const ids = due.map((r) => r.id);
      const seats = await lockAndMoveSeats(trx, ids, 'HELD', 'AVAILABLE');
      await markExpired(trx, ids);
      await recordReservationEvents(trx, 'reservation.expired', ids);
      return { expired: ids.length, freed: seats };
    });
    total += expired;
    if (expired > 0) holdsExpired.inc({ by: 'sweeper' }, expired);
    await seatsChanged(deps, freed);
    if (expired < batchSize) break;
  }
  return total;
}
