/** `admin.stats`: a concert's waiting room and sales in numbers, for the operator. */
import type { Deps } from '../../deps.js';
import { loadQueueSettings } from '../queue/queue-settings.js';
import { toWon } from '../wallet/money.js';
import { seatStats } from './admin.queries.js';

export async function queueStats(deps: Deps, anyCaseConcertId: string) {
  const { concertId } = await loadQueueSettings(deps, anyCaseConcertId);
  const now = deps.clock.now();
  const [counts, seats] = await Promise.all([
    deps.queue.counts(concertId, now),
    seatStats(deps.db, concertId, now),
  ]);
  return {
    waiting: counts.waiting,
    active: counts.active,
    admittedLastMinute: counts.admittedLastMinute,
    heldSeats: seats.heldSeats,
    soldSeats: seats.soldSeats,
    revenue: toWon(seats.revenue),
  };
}
