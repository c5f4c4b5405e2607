/** The timed jobs of every module, which apps/server schedules on every instance (see infra/job.ts). */
import type { Job } from './infra/job.js';
import { adminJobs } from './modules/admin/admin.jobs.js';
import { eventJobs } from './modules/events/events.jobs.js';
import { queueJobs } from './modules/queue/queue.jobs.js';
import { reservationJobs } from './modules/reservation/reservation.jobs.js';

export type { Job };
export const jobs: Job[] = [...queueJobs, ...reservationJobs, ...eventJobs, ...adminJobs];
