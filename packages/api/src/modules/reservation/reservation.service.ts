/**
 * Reading and cancelling one's reservations (session only, no queue token: a buyer may look at or give back their
 * tickets long after leaving the waiting room).
 *
 * Cancel rules chosen where the product's brief is silent (docs/domain.md marks them):
 * - Someone else's reservation is FORBIDDEN (not NOT_FOUND), the same answer `payment.pay` gives
 *   (docs/domain.md, edge case 9).
 * - Cancelling is idempotent: a reservation already CANCELLED, REFUNDED or EXPIRED comes back unchanged, so a
 *   retried cancel never fails. A HELD one whose time is up is marked EXPIRED (what the sweeper would do).
 * - A refund is allowed while now <= startsAt - refundCutoffSeconds; later it is REFUND_WINDOW_CLOSED.
 * - A refund that would lift the balance over the 100,000,000 won cap is refused with BALANCE_LIMIT_EXCEEDED and
 *   nothing changes: the cap is a hard rule of the wallet (a CHECK constraint), and silently refunding less would
 *   lose the buyer's money. The buyer can spend first and cancel again before the cutoff.
 */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { findConcert, findPerformance } from '../concert/concert.queries.js';
import { seatsChanged } from '../concert/seat-changes.js';
import { recordEvent, recordReservationEvents } from '../events/outbox.js';
import { paymentRefunded } from '../events/sale-events.js';
import { refundReservation } from '../wallet/wallet-transfers.js';
import { hasHoldRunOut } from './hold-rules.js';
import { holdsCancelled, holdsExpired } from './reservation.metrics.js';
import { lockAndMoveSeats, updateReservationStatus, type SeatWrite } from './reservation.queries.js';
import { lockOwnReservation } from './reservation-sale.js';
import type { ListReservationsInput } from './reservation.schema.js';
import { withPlaces, withPlacesAll, type PlacedReservationView } from './reservation-places.js';
import { listOwnReservations, loadOwnReservation, refundDeadlineOf } from './reservation.view.js';

export async function getReservation(deps: Deps, userId: string, reservationId: string) {
  return withPlaces(deps, await loadOwnReservation(deps.db, userId, reservationId, deps.clock.now()));
}

export async function listReservations(deps: Deps, userId: string, input: ListReservationsInput) {
  return withPlacesAll(deps, await listOwnReservations(deps.db, userId, input, deps.clock.now()));
}

type CancelOutcome = { kind: 'cancelled' | 'refunded' | 'expired' | 'unchanged'; freed: SeatWrite[] };

export async function cancelReservation(
  deps: Deps,
  userId: string,
  reservationId: string,
): Promise<PlacedReservationView> {
  const now = deps.clock.now();
  const outcome = await deps.db.transaction().execute(async (trx): Promise<CancelOutcome> => {
    const r = await lockOwnReservation(trx, userId, reservationId);

    if (r.status === 'HELD') {
      const expired = hasHoldRunOut(r, now);
      await updateReservationStatus(
        trx,
        r.id,
        'HELD',
        expired ? { status: 'EXPIRED' } : { status: 'CANCELLED', cancelled_at: now },
      );
      const freed = await lockAndMoveSeats(trx, [r.id], 'HELD', 'AVAILABLE');
      await recordReservationEvents(trx, expired ? 'reservation.expired' : 'reservation.cancelled', [r.id]);
      return { kind: expired ? 'expired' : 'cancelled', freed };
    }
    if (r.status !== 'PAID') return { kind: 'unchanged', freed: [] };

    const performance = await findPerformance(trx, r.performance_id);
    const concert = await findConcert(trx, r.concert_id);
    if (!performance || !concert) throw new Error(`reservation ${r.id} lost its performance or concert`);
    const refundCutoffAt = refundDeadlineOf(performance.starts_at, concert.refund_cutoff_seconds);
    if (now > refundCutoffAt) {
      throw new DomainError('REFUND_WINDOW_CLOSED', 'Refunds closed before the performance', {
        refundCutoffAt,
      });
    }
    await refundReservation(trx, userId, r, now);
    await updateReservationStatus(trx, r.id, 'PAID', { status: 'REFUNDED', cancelled_at: now });
    const freed = await lockAndMoveSeats(trx, [r.id], 'SOLD', 'AVAILABLE');
    await recordEvent(trx, paymentRefunded(r, now));
    return { kind: 'refunded', freed };
  });

  if (outcome.kind === 'expired') holdsExpired.inc({ by: 'owner' });
  else if (outcome.kind !== 'unchanged') holdsCancelled.inc({ kind: outcome.kind });
  await seatsChanged(deps, outcome.freed);
  return withPlaces(deps, await loadOwnReservation(deps.db, userId, reservationId, now));
}
