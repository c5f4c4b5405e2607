import type { Job } from '../../infra/job.js';
import { queueActive, queueAdmitted, queueRemoved, queueWaiting } from './queue.metrics.js';
import { listOpenQueues } from './queue.queries.js';
import { toQueueSettings } from './queue-settings.js';
import { queueChannel } from './queue.service.js';
import { forgetWaitEstimator } from './wait-estimator-cache.js';

/**
 * Admission for every open concert, every second, on every server. The settings are re-read from the database each
 * tick, so operator changes apply at once; the engine's admission step is atomic, so the servers together never
 * exceed the cap or the rate, nor admit anyone twice.
 */
export const admissionJob: Job = {
  name: 'queue-admission',
  schedule: '* * * * * *',
  async run(deps) {
    const now = deps.clock.now();
    const concerts = await listOpenQueues(deps.db, now);
    for (const row of concerts) {
      const settings = toQueueSettings(row);
      const result = await deps.queue.admit(row.id, settings, now);
      queueWaiting.set({ concert: row.id }, result.waiting);
      queueActive.set({ concert: row.id }, result.active);
      queueAdmitted.inc({ concert: row.id }, result.admitted);
      queueRemoved.inc({ concert: row.id, reason: 'absent' }, result.dropped);
      queueRemoved.inc({ concert: row.id, reason: 'ttl' }, result.expired);
      // Positions move when someone is admitted or removed; live watchers re-read on this.
      if (result.admitted + result.dropped + result.expired > 0) {
        forgetWaitEstimator(deps, row.id);
        await deps.pubsub.publish(queueChannel(row.id), { kind: 'admission', admitted: result.admitted });
      }
    }
    return concerts.length;
  },
};

export const queueJobs: Job[] = [admissionJob];
