import type { Job } from '../../infra/job.js';
import { sweepExpiredHolds } from './hold-sweeper.js';

/** Every 2 s on every instance: an expired hold is already free for others, this only tidies up and tells the map. */
export const reservationJobs: Job[] = [
  { name: 'reservation.expire-holds', schedule: '*/2 * * * * *', run: (deps) => sweepExpiredHolds(deps) },
];
