/**
 * One wait estimator per concert per process, at most a second old: the room is read (one engine call) and modelled
 * once, and every status read or live watcher of the concert then looks its own position up in O(1). So the cost
 * of an estimate does not grow with the number of people waiting. The local admission job drops the entry after
 * each change it makes, so this server's watchers see the new room at once.
 */
import type { Deps } from '../../deps.js';
import { perDeps } from '../../infra/per-deps.js';
import type { ConcertQueueSettings } from './queue-settings.js';
import type { QueueSettings, RoomReading } from './queue.engine.js';
import { waitEstimator, type RoomState, type WaitEstimate } from './wait-estimate.js';

const FRESH_MS = 1000;

type Estimator = (position: number) => WaitEstimate;
interface Entry {
  loadedAt: number;
  clockAt: number;
  settings: ConcertQueueSettings;
  estimator: Promise<Estimator>;
}

const cacheOf = perDeps<Entry>();

/** The estimate's view of a room: the concert's settings and the engine's reading. */
export function toRoomState(settings: QueueSettings, reading: RoomReading): RoomState {
  return {
    capacity: settings.maxActive,
    admitPerSecond: settings.admitPerSecond,
    ttlMs: settings.activeTtlSeconds * 1000,
    paused: settings.paused,
    saleOpensAt: settings.saleOpensAt.getTime(),
    turns: reading.turns,
    recentTurnMs: reading.recentTurnMs,
  };
}

async function buildEstimator(deps: Deps, settings: ConcertQueueSettings, now: Date): Promise<Estimator> {
  const reading = await deps.queue.room(settings.concertId, now);
  return waitEstimator(toRoomState(settings, reading), now, Math.max(1, reading.waiting));
}

/** The concert's estimator, rebuilt when over a second old (by the wall and by the deps' clock) or the settings changed. */
export function recentWaitEstimator(
  deps: Deps,
  settings: ConcertQueueSettings,
  now: Date,
): Promise<Estimator> {
  const cache = cacheOf(deps);
  const hit = cache.get(settings.concertId);
  if (
    hit &&
    hit.settings === settings &&
    performance.now() - hit.loadedAt < FRESH_MS &&
    Math.abs(now.getTime() - hit.clockAt) < FRESH_MS
  ) {
    return hit.estimator;
  }
  const estimator = buildEstimator(deps, settings, now);
  const entry = { loadedAt: performance.now(), clockAt: now.getTime(), settings, estimator };
  cache.set(settings.concertId, entry);
  // A failed read (Redis down) is not remembered.
  estimator.catch(() => {
    if (cache.get(settings.concertId) === entry) cache.delete(settings.concertId);
  });
  return estimator;
}

export function forgetWaitEstimator(deps: Deps, concertId: string): void {
  cacheOf(deps).delete(concertId);
}
