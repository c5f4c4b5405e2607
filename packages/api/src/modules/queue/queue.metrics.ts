/** Queue gauges for /metrics, set by the admission job on each tick (the numbers are shared, from the engine). */
import { Counter, Gauge } from 'prom-client';
import { registry } from '../../infra/metrics.js';

export const queueWaiting = new Gauge({
  name: 'tix_queue_waiting',
  help: 'People WAITING in a concert waiting room (as of the last admission tick of this server)',
  labelNames: ['concert'] as const,
  registers: [registry],
});

export const queueActive = new Gauge({
  name: 'tix_queue_active',
  help: 'ACTIVE queue tokens of a concert (as of the last admission tick of this server)',
  labelNames: ['concert'] as const,
  registers: [registry],
});

export const queueAdmitted = new Counter({
  name: 'tix_queue_admitted_total',
  help: 'Admissions made by this server (sum over servers for the total)',
  labelNames: ['concert'] as const,
  registers: [registry],
});

export const queueRemoved = new Counter({
  name: 'tix_queue_removed_total',
  help: 'Tokens ended by this server: WAITING dropped for absence, ACTIVE expired after their TTL',
  labelNames: ['concert', 'reason'] as const,
  registers: [registry],
});
