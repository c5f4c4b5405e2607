import type { Job } from '../../infra/job.js';
import { runRelay } from './event-relay.js';

/** Every second on every instance: the relay's claims are SKIP LOCKED leases, so instances share the work. */
export const eventJobs: Job[] = [
  { name: 'events.relay', schedule: '* * * * * *', run: (deps) => runRelay(deps) },
];
