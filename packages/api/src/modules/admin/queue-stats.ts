/**
 * `admin.stats`: a concert's waiting room and sales in numbers, for the operator: the room's counts, the estimated
 * time until everyone waiting now has been let in, and sell-through per date and grade.
 */
import type { Deps } from '../../deps.js';
import { loadQueueSettings } from '../queue/queue-settings.js';
import { recentWaitEstimator } from '../queue/wait-estimator-cache.js';
import { toWon } from '../wallet/money.js';
import { seatStats } from './admin.queries.js';

export async function queueStats(deps: Deps, anyCaseConcertId: string) {
  const settings = await loadQueueSettings(deps, anyCaseConcertId);
  const { concertId } = settings;
  const now = deps.clock.now();
  const [counts, seats] = await Promise.all([
    deps.queue.counts(concertId, now),
    seatStats(deps.db, concertId, now),
  ]);
  // The last person in line's estimate is the time to clear the queue; null while paused (nobody is let in).
  const clear =
    counts.waiting === 0 ? 0 : (await recentWaitEstimator(deps, settings, now))(counts.waiting).etaSeconds;
  return {
    asOf: now,
    waiting: counts.waiting,
    active: counts.active,
    admittedLastMinute: counts.admittedLastMinute,
    estimatedClearSeconds: clear,
    heldSeats: seats.heldSeats,
    soldSeats: seats.soldSeats,
    revenue: toWon(seats.revenue),
    sellThrough: seats.grades,
  };
}
