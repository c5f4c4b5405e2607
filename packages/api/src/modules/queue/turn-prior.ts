/**
 * The wait estimate's prior (docs/domain.md, "Waiting room: the estimate"): before any turn of a sale has ended,
 * how long the latest turns of earlier sales lasted (paid or left), from PostgreSQL's `queue_turns`. Read at most once
 * a minute per process, and only for a room none of whose turns has ended yet; a failed read gives no prior (the
 * estimate then falls back to its fixed guess), never a failed estimate.
 */
import type { Deps } from '../../deps.js';
import { perDeps } from '../../infra/per-deps.js';
import { listRecentTurnLengths } from './queue-turns.queries.js';

/** As many as the engine logs per concert, twice over: enough for the spread, recent enough to be this crowd. */
export const PRIOR_TURNS = 200;
const PRIOR_WITHIN_MS = 7 * 24 * 3600_000;
const PRIOR_FRESH_MS = 60_000;

const cacheOf = perDeps<{ at: number; lengths: Promise<number[]> }>();

export function recentTurnPrior(deps: Deps, now: Date): Promise<number[]> {
  const cache = cacheOf(deps);
  const hit = cache.get('turns');
  if (hit && Math.abs(now.getTime() - hit.at) < PRIOR_FRESH_MS) return hit.lengths;
  const lengths = listRecentTurnLengths(deps.db, now, PRIOR_TURNS, PRIOR_WITHIN_MS).catch(() => []);
  cache.set('turns', { at: now.getTime(), lengths });
  return lengths;
}
