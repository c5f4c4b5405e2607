/**
 * A concert's waiting-room settings, read from the `concerts` row. Status reads (polled by everyone waiting) keep
 * them for one second per process; a change made here drops the entry at once, and other servers see it within a
 * second (the admission job re-reads the rows every tick anyway, so admission follows changes at once).
 */
import type { Deps } from '../../deps.js';
import { perDeps } from '../../infra/per-deps.js';
import { DomainError } from '../../errors.js';
import type { QueueSettings } from './queue.engine.js';
import { findQueueSettings } from './queue.queries.js';

export interface ConcertQueueSettings extends QueueSettings {
  concertId: string;
  queueOpensAt: Date;
  /** When the last show starts (null: none); after it nobody can join. */
  lastShowAt?: Date | null;
  /** Set once the operator cancelled the concert: nobody can join any more. */
  cancelledAt?: Date | null;
}

type Row = NonNullable<Awaited<ReturnType<typeof findQueueSettings>>>;

export function toQueueSettings(row: Row | Omit<Row, 'last_show_at'>): ConcertQueueSettings {
  return {
    lastShowAt: 'last_show_at' in row ? row.last_show_at : null,
    concertId: row.id,
    queueOpensAt: row.queue_opens_at,
    saleOpensAt: row.sale_opens_at,
    maxActive: row.max_active,
    admitPerSecond: row.admit_per_second,
    activeTtlSeconds: row.active_ttl_seconds,
    paused: row.paused,
    cancelledAt: row.cancelled_at,
  };
}

const FRESH_MS = 1000;
/** Entries hold the load itself, so a burst of requests for one concert shares a single database read. */
const cacheOf = perDeps<{ loadedAt: number; settings: Promise<ConcertQueueSettings> }>();

/** Fresh from the database; CONCERT_NOT_FOUND when there is no such concert. */
export async function loadQueueSettings(deps: Deps, concertId: string): Promise<ConcertQueueSettings> {
  const row = await findQueueSettings(deps.db, concertId);
  if (!row) throw new DomainError('CONCERT_NOT_FOUND', 'No such concert');
  const settings = toQueueSettings(row);
  cacheOf(deps).set(settings.concertId, { loadedAt: performance.now(), settings: Promise.resolve(settings) });
  return settings;
}

/** The cached copy when it is at most a second old (a load in flight counts), else null: no database read. */
export function cachedQueueSettings(deps: Deps, concertId: string): Promise<ConcertQueueSettings> | null {
  const hit = cacheOf(deps).get(concertId.toLowerCase());
  return hit && performance.now() - hit.loadedAt < FRESH_MS ? hit.settings : null;
}

/** At most a second old; for joins, status reads and ETAs. */
export function recentQueueSettings(deps: Deps, concertId: string): Promise<ConcertQueueSettings> {
  const hit = cachedQueueSettings(deps, concertId);
  if (hit) return hit;
  const cache = cacheOf(deps);
  const key = concertId.toLowerCase();
  const settings = loadQueueSettings(deps, key);
  cache.set(key, { loadedAt: performance.now(), settings });
  // A failed load (unknown concert, database down) is not remembered.
  settings.catch(() => {
    if (cache.get(key)?.settings === settings) cache.delete(key);
  });
  return settings;
}

export function forgetQueueSettings(deps: Deps, concertId: string): void {
  cacheOf(deps).delete(concertId);
}
