import type { Job } from '../../infra/job.js';
import { recordEvent } from '../events/outbox.js';
import { queueActive, queueAdmitted, queueRemoved, queueWaiting } from './queue.metrics.js';
import { listOpenQueues } from './queue.queries.js';
import { applyTurnEnds } from './queue-recovery.js';
import { recentQueueSettings, toQueueSettings } from './queue-settings.js';
import { queueChannel } from './queue.service.js';
import { applyLine, type LineMessage } from './queue-feed.js';
import { presenceJob } from './queue-presence.js';
import { refreshWaitEstimator } from './wait-estimator-cache.js';

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
      if (result.admitted > 0) {
        // Admission lives in Redis, not in PostgreSQL, so this event follows the step rather than sharing its
        // transaction: a server dying between the two loses one count (docs/domain.md, "Sale events").
        await deps.db.transaction().execute((trx) =>
          recordEvent(trx, {
            type: 'queue.admitted',
            aggregateKey: `queue:${row.id}`,
            concertId: row.id,
            data: {
              concertId: row.id,
              admitted: result.admitted,
              waiting: result.waiting,
              active: result.active,
            },
          }),
        );
      }
      // ONE broadcast per concert per step that changed the room: the line's changes, from which every server
      // moves its watchers' places (queue-feed.ts), and the cue for shoppers' watchers to read their turn again.
      // The other servers hear first; here the estimator is rebuilt before the local watchers wake, so they do
      // not all wait on one room read together (the admitted among them read their own status at once).
      if (result.line.changes.length + result.admitted + result.dropped + result.expired > 0) {
        const message: LineMessage = { kind: 'line', ...result.line };
        const published = deps.pubsub.publish(queueChannel(row.id), message);
        // Handled at once: a publish that fails (a Redis timeout) while the local work below runs must not be an
        // unhandled rejection, which ends the process (it killed a bench server); it still fails the step below.
        published.catch(() => {});
        await refreshWaitEstimator(deps, await recentQueueSettings(deps, row.id), now);
        applyLine(deps, row.id, result.line);
        await published;
      }
    }
    return concerts.length;
  },
};

/** Ends of turns recorded in PostgreSQL (payments, leaves) that the room has not applied yet: Redis was away. */
export const turnEndsJob: Job = {
  name: 'queue-turn-ends',
  schedule: '* * * * * *',
  run: (deps) => applyTurnEnds(deps),
};

export const queueJobs: Job[] = [admissionJob, turnEndsJob, presenceJob];
