/**
 * Presence without a read per person (docs/domain.md, "Waiting room", "Presence"): a poll is noted when the server
 * receives it, before it waits its turn behind other work, and a live subscription counts while it is open. Each
 * server writes what it noted in one batch a second, and its live subscriptions in one batch every
 * `LIVE_REFRESH_MS`, well inside the presence window.
 */
import type { Deps } from '../../deps.js';
import type { Job } from '../../infra/job.js';
import { perDeps } from '../../infra/per-deps.js';
import { PRESENCE_TIMEOUT_MS } from './queue.engine.js';
import { concertIdOfToken } from './queue-token.js';

/** How often a server re-marks its live subscriptions present (a quarter of the window). */
export const LIVE_REFRESH_MS = PRESENCE_TIMEOUT_MS / 4;
/** A bound on what one server notes between two batches (a flood of made-up tokens costs memory, not Redis). */
const MAX_NOTED = 200_000;

interface Presence {
  noted: Set<string>;
  /** Live subscriptions: token → how many are open on this server. */
  live: Map<string, number>;
  liveAt: number;
}

const presenceOf = perDeps<Presence>();
const stateOf = (deps: Deps): Presence => {
  const map = presenceOf(deps);
  let state = map.get('');
  if (!state) map.set('', (state = { noted: new Set(), live: new Map(), liveAt: 0 }));
  return state;
};

/** A poll arrived with this token: it is written present with the next batch (within about a second). */
export function notePresent(deps: Deps, token: string): void {
  const { noted } = stateOf(deps);
  if (noted.size < MAX_NOTED && concertIdOfToken(token)) noted.add(token);
}

/** A live subscription opened: the holder counts as present until `release`. */
export function holdPresent(deps: Deps, token: string): () => void {
  const { live, noted } = stateOf(deps);
  live.set(token, (live.get(token) ?? 0) + 1);
  noted.add(token);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (live.get(token) ?? 1) - 1;
    if (left > 0) live.set(token, left);
    else live.delete(token);
  };
}

/** Writes the noted polls, and every `LIVE_REFRESH_MS` the live subscriptions, in one batch. */
export async function flushPresence(deps: Deps): Promise<number> {
  const state = stateOf(deps);
  const now = deps.clock.now();
  const tokens = new Set(state.noted);
  state.noted.clear();
  if (now.getTime() - state.liveAt >= LIVE_REFRESH_MS) {
    state.liveAt = now.getTime();
    for (const token of state.live.keys()) tokens.add(token);
  }
  if (tokens.size > 0) await deps.queue.markPresent([...tokens], now);
  return tokens.size;
}

export const presenceJob: Job = {
  name: 'queue-presence',
  schedule: '* * * * * *',
  run: (deps) => flushPresence(deps),
};
