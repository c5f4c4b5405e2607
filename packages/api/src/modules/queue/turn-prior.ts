/**
 * The wait estimate's prior (docs/domain.md, "Waiting room: the estimate"): until a sale's own ended turns fill the log,
 * how long the latest turns of earlier sales lasted (paid or left), from PostgreSQL's `queue_turns`. Read at most once
 * a minute per process (none found: every 5 s), and only for a room whose own ended turns do not fill the engine's
 * log yet (`usesPrior`); a failed read gives no prior (the estimate then falls back to its fixed guess), never a
 * failed estimate.
 */
import type { Deps } from '../../deps.js';
import { perDeps } from '../../infra/per-deps.js';
import { listRecentTurnLengths } from './queue-turns.queries.js';

/** As many as the engine logs per concert, twice over: enough for the spread, recent enough to be this crowd. */
export const PRIOR_TURNS = 200;
const PRIOR_WITHIN_MS = 7 * 24 * 3600_000;
const PRIOR_FRESH_MS = 60_000;
/** No earlier turns is asked again sooner: the first sale's first ends should count for the next at once. */
const NONE_FRESH_MS = 5_000;

const cacheOf = perDeps<{ at: number; freshMs: number; lengths: Promise<number[]> }>();

export function recentTurnPrior(deps: Deps, now: Date): Promise<number[]> {
  const cache = cacheOf(deps);
  const hit = cache.get('turns');
  if (hit && Math.abs(now.getTime() - hit.at) < hit.freshMs) return hit.lengths;
  const entry = {
    at: now.getTime(),
    freshMs: NONE_FRESH_MS,
    lengths: listRecentTurnLengths(deps.db, now, PRIOR_TURNS, PRIOR_WITHIN_MS).catch(() => []),
  };
  void entry.lengths.then((lengths) => {
    if (lengths.length > 0) entry.freshMs = PRIOR_FRESH_MS;
  });
  cache.set('turns', entry);
  return entry.lengths;
}
