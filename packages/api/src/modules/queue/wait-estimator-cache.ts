/**
 * One wait estimator per concert per process, at most a second old: the room is read (one engine call) and modelled
 * once, and every status read or live watcher of the concert then looks its own position up in O(1). So the cost
 * of an estimate does not grow with the number of people waiting. The local admission job builds the next one
 * after each change it makes, before it wakes this server's watchers, so they see the new room at once; and while
 * an estimator a little past its second is rebuilt, readers get the previous one (with its time, `estimatedAt`)
 * rather than all waiting on the room read together.
 */
import type { Deps } from '../../deps.js';
import { perDeps } from '../../infra/per-deps.js';
import type { ConcertQueueSettings } from './queue-settings.js';
import type { QueueSettings, RoomReading } from './queue.engine.js';
import { recentTurnPrior } from './turn-prior.js';
import { usesPrior } from './turn-lengths.js';
import { waitEstimator, type RoomState, type WaitEstimate } from './wait-estimate.js';

const FRESH_MS = 1000;
/** An estimator this old is never served while its successor is built. */
const STALE_MS = 5000;

type Estimator = (position: number) => WaitEstimate;
interface Entry {
  loadedAt: number;
  clockAt: number;
  settings: ConcertQueueSettings;
  estimator: Promise<Estimator>;
  /** The estimator once built. */
  ready?: Estimator;
  /** The one it replaces, served until it is built (same settings, at most `STALE_MS` old). */
  previous?: Estimator;
}

const cacheOf = perDeps<Entry>();

/** The estimate's view of a room: the concert's settings, the engine's reading and the prior (turn-prior.ts). */
export function toRoomState(
  settings: QueueSettings,
  reading: RoomReading,
  priorTurnMs: number[] = [],
): RoomState {
  return {
    capacity: settings.maxActive,
    admitPerSecond: settings.admitPerSecond,
    ttlMs: settings.activeTtlSeconds * 1000,
    paused: settings.paused,
    saleOpensAt: settings.saleOpensAt.getTime(),
    turns: reading.turns,
    recentTurnMs: reading.recentTurnMs,
    priorTurnMs,
  };
}

async function buildEstimator(deps: Deps, settings: ConcertQueueSettings, now: Date): Promise<Estimator> {
  const reading = await deps.queue.room(settings.concertId, now);
  // Only a room whose own ended turns do not fill the log uses the prior (read from PostgreSQL at most once a
  // minute per process).
  const prior = usesPrior(reading.recentTurnMs) ? await recentTurnPrior(deps, now) : [];
  return waitEstimator(toRoomState(settings, reading, prior), now, Math.max(1, reading.waiting));
}

const ageOf = (entry: Entry, now: Date) =>
  Math.max(performance.now() - entry.loadedAt, Math.abs(now.getTime() - entry.clockAt));

function rebuild(deps: Deps, settings: ConcertQueueSettings, now: Date): Entry {
  const cache = cacheOf(deps);
  const hit = cache.get(settings.concertId);
  const estimator = buildEstimator(deps, settings, now);
  const entry: Entry = { loadedAt: performance.now(), clockAt: now.getTime(), settings, estimator };
  const previous = hit?.ready ?? hit?.previous;
  if (hit && previous && hit.settings === settings && ageOf(hit, now) < STALE_MS) entry.previous = previous;
  cache.set(settings.concertId, entry);
  estimator.then(
    (built) => (entry.ready = built),
    // A failed read (Redis down) is not remembered.
    () => {
      if (cache.get(settings.concertId) === entry) cache.delete(settings.concertId);
    },
  );
  return entry;
}

/**
 * The concert's estimator, rebuilt when over a second old (by the wall and by the deps' clock) or the settings
 * changed. While it is rebuilt, the previous one (up to `STALE_MS` old, same settings) answers.
 */
export async function recentWaitEstimator(
  deps: Deps,
  settings: ConcertQueueSettings,
  now: Date,
): Promise<Estimator> {
  const hit = cacheOf(deps).get(settings.concertId);
  const entry =
    hit && hit.settings === settings && ageOf(hit, now) < FRESH_MS ? hit : rebuild(deps, settings, now);
  return entry.ready ?? entry.previous ?? entry.estimator;
}

/** Builds the concert's estimator afresh (after a change this server made), serving the previous one meanwhile. */
export async function refreshWaitEstimator(
  deps: Deps,
  settings: ConcertQueueSettings,
  now: Date,
): Promise<void> {
  await rebuild(deps, settings, now).estimator.catch(() => {});
}

export function forgetWaitEstimator(deps: Deps, concertId: string): void {
  cacheOf(deps).delete(concertId);
}
