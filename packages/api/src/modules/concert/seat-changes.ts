/**
 * What every use case that changes seats calls after its transaction commits and before it answers: the seat
 * snapshot takes the change (seat-availability.ts), then `concert.seatEvents` streams hear of it (seat-events.ts).
 * Never throws: the change is committed already.
 */
import type { SeatStatus } from '@tix/db';
import type { Deps } from '../../deps.js';
import { seatStateKey, toVersionedWrite, type SeatStateWrite } from './seat-availability.js';
import { publishSeatChanges } from './seat-events.js';

/** What a seat UPDATE returned; `holder` is the buyer when the change is a hold. */
export type CommittedSeat = Omit<SeatStateWrite, 'holder'> & { holder?: string | null };

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export async function seatsChanged(deps: Deps, seats: readonly CommittedSeat[]): Promise<void> {
  const byPerformance = groupBy(seats, (s) => s.performance_id);
  for (const [performanceId, changed] of byPerformance) {
    const key = seatStateKey(performanceId);
    const writes = changed.map((s) => toVersionedWrite({ ...s, holder: s.holder ?? null }));
    // A write that did not land would leave the snapshot behind PostgreSQL: drop its completeness mark instead,
    // so the next reader rebuilds.
    await deps.seatState.write(key, writes).catch(() => deps.seatState.forget(key).catch(() => {}));
    const byStatus = groupBy(changed, (s): SeatStatus => s.status);
    for (const [status, group] of byStatus) {
      await publishSeatChanges(
        deps,
        performanceId,
        group.map((s) => s.seat_no),
        status,
      );
    }
  }
}
