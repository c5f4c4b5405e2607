import type { Job } from '../../infra/job.js';
import { sampleSales } from './sale-timeline.js';

/** The sale timeline's sampler (sale-timeline.ts): every 10 s on every server, one write per tick in all. */
export const saleSamplerJob: Job = {
  name: 'sale-timeline',
  schedule: '*/10 * * * * *',
  run: (deps) => sampleSales(deps),
};

export const adminJobs: Job[] = [saleSamplerJob];
