/**
 * `admin.cancelConcert`: the operator calls a concert off (docs/domain.md, "Cancelling a concert"). One
 * transaction, under the concert row's lock: the concert is marked cancelled (from then on a trigger refuses any
 * new reservation of it), every running hold is released, and every paid reservation is refunded to its buyer's
 * wallet with its ledger entry, each change with its outbox event. A second call changes nothing.
 */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { seatsChanged } from '../concert/seat-changes.js';
import { recordEvent, recordEvents, recordReservationEvents } from '../events/outbox.js';
import { paymentRefunded } from '../events/sale-events.js';
import { hasHoldRunOut } from '../reservation/hold-rules.js';
import { lockAndMoveSeats } from '../reservation/reservation.queries.js';
import { toWon } from '../wallet/money.js';
import { refundReservation } from '../wallet/wallet-transfers.js';
import {
  lockConcert,
  lockLiveReservations,
  markConcertCancelled,
  setReservationsStatus,
} from './admin.queries.js';
import { announceConcertChange } from './configure-queue.js';

export interface CancelOutcome {
  concertId: string;
  cancelledAt: Date;
  releasedHolds: number;
  refundedReservations: number;
  /** Whole won given back to buyers' wallets by this call. */
  refundedAmount: number;
}

export async function cancelConcert(deps: Deps, concertId: string): Promise<CancelOutcome> {
  const now = deps.clock.now();
  const done = await deps.db.transaction().execute(async (trx) => {
    const concert = await lockConcert(trx, concertId);
    if (!concert) throw new DomainError('CONCERT_NOT_FOUND', 'No such concert');
    const unchanged = { concertId: concert.id, releasedHolds: 0, refundedReservations: 0, refundedAmount: 0 };
    if (concert.cancelled_at)
      return { ...unchanged, cancelledAt: concert.cancelled_at, freed: [], row: null };
    if (!concert.shows.some((s) => s.starts_at > now)) {
      throw new DomainError('CONCERT_OVER', 'Every date of this concert has passed', {
        fields: ['concertId'],
      });
    }
    const row = await markConcertCancelled(trx, concert.id, now);
    const live = await lockLiveReservations(trx, concert.id);
    const held = live.filter((r) => r.status === 'HELD');
    const expiredIds = held.filter((r) => hasHoldRunOut(r, now)).map((r) => r.id);
    const cancelledIds = held.filter((r) => !hasHoldRunOut(r, now)).map((r) => r.id);
    const paid = live.filter((r) => r.status === 'PAID');

    const freed = await lockAndMoveSeats(
      trx,
      held.map((r) => r.id),
      'HELD',
      'AVAILABLE',
    );
    await setReservationsStatus(trx, expiredIds, 'HELD', { status: 'EXPIRED' });
    await setReservationsStatus(trx, cancelledIds, 'HELD', { status: 'CANCELLED', cancelled_at: now });
    await recordReservationEvents(trx, 'reservation.expired', expiredIds);
    await recordReservationEvents(trx, 'reservation.cancelled', cancelledIds);

    // A refund past a buyer's wallet cap refuses the whole cancel (BALANCE_LIMIT_EXCEEDED): nobody loses money.
    for (const r of paid) await refundReservation(trx, r.user_id, r, now);
    await setReservationsStatus(
      trx,
      paid.map((r) => r.id),
      'PAID',
      { status: 'REFUNDED', cancelled_at: now },
    );
    freed.push(
      ...(await lockAndMoveSeats(
        trx,
        paid.map((r) => r.id),
        'SOLD',
        'AVAILABLE',
      )),
    );
    await recordEvents(
      trx,
      paid.map((r) => paymentRefunded({ ...r, concert_id: concert.id }, now)),
    );
    const refundedAmount = toWon(paid.reduce((sum, r) => sum + r.total_price, 0n));
    const outcome = {
      concertId: concert.id,
      cancelledAt: now,
      releasedHolds: held.length,
      refundedReservations: paid.length,
      refundedAmount,
    };
    await recordEvent(trx, {
      type: 'concert.cancelled',
      aggregateKey: `concert:${concert.id}`,
      concertId: concert.id,
      data: { ...outcome, cancelledAt: now.toISOString() },
    });
    return { ...outcome, freed, row };
  });
  const { freed, row, ...outcome } = done;
  if (row) {
    await seatsChanged(deps, freed);
    await announceConcertChange(deps, row);
  }
  return outcome;
}
