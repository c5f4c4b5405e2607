/**
 * The timed jobs every server instance runs (node-cron, scheduled by apps/server). Each job must be safe to run on
 * many instances at once: the work it does is guarded in SQL or in atomic Redis scripts, never by "only one runs".
 */
import type { Deps } from './deps.js';
import { queueJobs } from './modules/queue/queue.jobs.js';
import { reservationJobs } from './modules/reservation/reservation.jobs.js';

export interface Job {
  name: string;
  /** A node-cron expression (six fields: seconds first). */
  schedule: string;
  run(deps: Deps): Promise<unknown>;
}

export const jobs: Job[] = [...queueJobs, ...reservationJobs];
