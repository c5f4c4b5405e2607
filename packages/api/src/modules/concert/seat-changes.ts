/**
 * What every use case that changes seats calls after its transaction commits and before it answers: the seat
 * snapshot takes the change (seat-availability.ts) and, in the same atomic step, announces what it replaced to
 * `concert.seatEvents` streams (seat-events.ts). Never throws: the change is committed already.
 */
import type { Deps } from '../../deps.js';
import {
  seatChangeChannel,
  seatStateKey,
  toVersionedWrite,
  type SeatStateWrite,
} from './seat-availability.js';

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
    // so the next reader rebuilds (and the rebuild announces the change).
    await deps.seatState
      .write(key, writes, undefined, seatChangeChannel(performanceId))
      .catch(() => deps.seatState.forget(key).catch(() => {}));
  }
}
