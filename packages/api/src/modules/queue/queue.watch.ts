/**
 * `queue.watch`: the holder's status pushed on every change, heartbeats in between. It re-reads when the admission
 * job (on any server) publishes a change for the concert, and at least every few seconds anyway, since pub/sub is
 * best effort. Every read marks a WAITING holder present, so a live subscription keeps the place.
 */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { concertIdOfToken } from './queue-token.js';
import { queueChannel, queueStatus, type QueueView } from './queue.service.js';

export const watchTiming = {
  /** Re-read at least this often (well inside the 60 s presence window). */
  recheckMs: 3_000,
  /** Never re-read more often than this, however many notifications arrive. */
  minGapMs: 250,
  /** A heartbeat after this long without a status message (below the SDK's 20 s staleness limit). */
  heartbeatMs: 15_000,
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

export async function* watchQueue(
  deps: Deps,
  token: string,
  signal: AbortSignal | undefined,
  timing: typeof watchTiming = watchTiming,
): AsyncGenerator<QueueView | QueueHeartbeat> {
  const concertId = concertIdOfToken(token);
  if (!concertId) throw new DomainError('QUEUE_TOKEN_INVALID', 'Unknown queue token');

  let wake: (() => void) | null = null;
  // Set by a notification that arrives while the loop is reading, so the loop does not then sleep through it.
  let notified: boolean;
  const unsubscribe = deps.pubsub.subscribe(queueChannel(concertId), () => {
    notified = true;
    wake?.();
  });
  try {
    let last: QueueView | null = null;
    let lastSentAt = Date.now();
    while (!signal?.aborted) {
      notified = false;
      const view = await queueStatus(deps, token);
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
    unsubscribe();
  }
}
