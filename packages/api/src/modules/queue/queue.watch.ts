/**
 * `queue.watch`: the holder's status pushed on every change, heartbeats in between (docs/domain.md, "Waiting room",
 * "Live places"). A WAITING holder's place is read exactly once, then moved locally from the line's broadcast
 * (queue-feed.ts), with an exact read again every `exactMs` (jittered) and whenever a change may concern the holder
 * itself, so an admission or departure is always exact. An ACTIVE holder (at most max_active of them) is read on
 * every broadcast and every `recheckMs`. A live subscription keeps a WAITING holder present (queue-presence.ts).
 */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { dependencyOf } from '../../infra/dependency-failure.js';
import type { LinePlace } from './line-position.js';
import { joinFeed } from './queue-feed.js';
import { holdPresent } from './queue-presence.js';
import { concertIdOfToken } from './queue-token.js';
import { readQueueStatus, waitingViewAt, type QueueView } from './queue.service.js';

export const watchTiming = {
  /** Work the view out again at least this often (the estimate moves with time too); ACTIVE: read it again. */
  recheckMs: 3_000,
  /**
   * A WAITING place is read exactly again after about this long (±25 %), to correct any drift. 0: read exactly on
   * every change, as every watcher did before the broadcast (the bench compares the two).
   */
  exactMs: 30_000,
  /** Never re-read more often than this, however many notifications arrive. */
  minGapMs: 250,
  /** A heartbeat after this long without a status message (below the SDK's 20 s staleness limit). */
  heartbeatMs: 15_000,
  /**
   * Redis or PostgreSQL failing for less than this does not end the stream: the read is tried again after about
   * `retryMs`. One timed-out command opens the server's breaker for a second and fails every read in flight, which
   * ended every stream on that server at once (bench room-subscribers: 1,400 of 1,667) and sent them all back
   * together. A longer outage still ends the stream with SERVICE_UNAVAILABLE, and the client reopens it with backoff.
   */
  outageGraceMs: 3_000,
  retryMs: 500,
};

export interface QueueHeartbeat {
  heartbeat: true;
  at: Date;
}

function sameView(a: QueueView | null, b: QueueView): boolean {
  return (
    a !== null &&
    a.status === b.status &&
    a.position === b.position &&
    a.etaSeconds === b.etaSeconds &&
    a.etaLowSeconds === b.etaLowSeconds &&
    a.etaHighSeconds === b.etaHighSeconds &&
    a.paused === b.paused &&
    a.activeUntil?.getTime() === b.activeUntil?.getTime()
  );
}

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

const isOutage = (err: unknown) =>
  dependencyOf(err) !== null || (err instanceof DomainError && err.code === 'SERVICE_UNAVAILABLE');

export async function* watchQueue(
  deps: Deps,
  token: string,
  signal: AbortSignal | undefined,
  timing: typeof watchTiming = watchTiming,
): AsyncGenerator<QueueView | QueueHeartbeat> {
  const concertId = concertIdOfToken(token);
  if (!concertId) throw new DomainError('QUEUE_TOKEN_INVALID', 'Unknown queue token');

  let wake: (() => void) | null = null;
  // Set by a broadcast that arrives while the loop is working, so the loop does not then sleep through it.
  let notified: boolean;
  let place: LinePlace | null = null;
  const feed = joinFeed(
    deps,
    concertId,
    () => {
      notified = true;
      wake?.();
    },
    () => place?.order ?? null,
  );
  const releasePresence = holdPresent(deps, token);
  try {
    let last: QueueView | null = null;
    let lastSentAt = Date.now();
    let exactAfter = 0;
    let failingSince: number | null = null;
    while (!signal?.aborted) {
      notified = false;
      const moved: LinePlace | null = place && Date.now() < exactAfter ? feed.advance(place) : null;
      let view: QueueView;
      try {
        if (moved) {
          view = await waitingViewAt(deps, concertId, moved.position);
          place = moved;
        } else {
          const read = await readQueueStatus(deps, token);
          view = read.view;
          const { order, lineIndex } = read.info;
          place = null;
          if (view.status === 'WAITING' && order !== undefined && lineIndex !== undefined) {
            place = { order, position: view.position!, at: lineIndex };
            feed.anchor(lineIndex);
            exactAfter = Date.now() + timing.exactMs * (0.75 + Math.random() / 2);
          }
        }
        failingSince = null;
      } catch (err) {
        if (!isOutage(err)) throw err;
        failingSince ??= Date.now();
        if (Date.now() - failingSince >= timing.outageGraceMs) throw err;
        await sleep(timing.retryMs * (0.5 + Math.random()), signal);
        continue;
      }
      if (!sameView(last, view)) {
        last = view;
        lastSentAt = Date.now();
        yield view;
      } else if (Date.now() - lastSentAt >= timing.heartbeatMs) {
        lastSentAt = Date.now();
        yield { heartbeat: true, at: new Date() };
      }
      if (view.status === 'EXPIRED') return;
      await sleep(timing.minGapMs, signal);
      if (!notified && !signal?.aborted) {
        const waitMs = Math.min(timing.recheckMs, timing.heartbeatMs - (Date.now() - lastSentAt));
        const aborter = new AbortController();
        const onAbort = () => aborter.abort();
        signal?.addEventListener('abort', onAbort, { once: true });
        wake = () => aborter.abort();
        await sleep(Math.max(0, waitMs), aborter.signal);
        wake = null;
        signal?.removeEventListener('abort', onAbort);
      }
    }
  } finally {
    feed.leave();
    releasePresence();
  }
}
