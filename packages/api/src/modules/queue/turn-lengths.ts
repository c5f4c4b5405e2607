/**
 * How long a shopping turn lasts, as far as the room can tell (docs/domain.md, "Waiting room: the estimate"). Pure.
 *
 * Two kinds of observation: the recently ended turns (a length each) and the turns still running (at least as
 * long as they have lasted so far: censored). While the engine's log is not full it holds every ended turn, so
 * the two together are the whole cohort and Kaplan–Meier reads them exactly; once it is full the log is a flow of
 * departures, and the shoppers who have outlasted all of it are the long turns not in it yet. Before anything
 * ended, the turns of earlier sales (the prior, turn-prior.ts) or, with none, a short guess, until shoppers have
 * shopped long enough to show that turns are long.
 */
import { TURN_LOG } from './queue.engine.js';

/** With no turn ended and nobody shopping this long yet, the guess of a typical turn. */
export const COLD_TURN_MS = 30_000;
/** Nobody has finished though shoppers have shopped this long: turns are long, the guess no longer stands. */
export const COLD_PATIENCE_MS = 15_000;

/**
 * With a prior, how long nobody finishing still fits it: twice its median (at least `COLD_PATIENCE_MS`), as the
 * logged turns stand until shoppers outlast twice the longest of them.
 */
function priorPatience(prior: number[]): number {
  const sorted = [...prior].sort((a, b) => a - b);
  return Math.max(COLD_PATIENCE_MS, 2 * sorted[Math.floor(sorted.length / 2)]!);
}

/**
 * The prior's typical turns: those within its patience. Its longer ones (shoppers who went silent, or who found out
 * late that they were in) would hold slots at the draw on the word of another sale; whether this sale's turns are
 * long the room itself shows within the patience (nobody done by then), and the long case of the range still runs
 * to the TTL _(chosen: measured on a flash sale's second round, bench/results/estimate-2026-12-05.md)_.
 */
function typicalOf(prior: number[], patience: number): number[] {
  return prior.filter((x) => x <= patience);
}

/** The prior counts while this room's own ended turns do not fill the engine's log (see `turnLengths`). */
export const usesPrior = (recentTurnMs: readonly number[]) => recentTurnMs.length < TURN_LOG;

export interface TurnLengths {
  /** The turn length (ms) at quantile u (0..1) of turns that have lasted at least `elapsedMs`, counted from 0. */
  quantile(u: number, elapsedMs?: number): number;
  /** How much is known: the number of ended turns. */
  ended: number;
  /**
   * Nothing ended and nobody has shopped `COLD_PATIENCE_MS` (with a prior: twice its median) yet: `quantile` is the
   * prior's, or the guess whatever u; nothing is known of this room's turns.
   */
  cold: boolean;
}

interface Step {
  /** Turn length (ms). */
  at: number;
  /** The share of turns that have ended by `at`. */
  cdf: number;
}

/**
 * Kaplan–Meier over ended (events) and running (censored) turns: the CDF at each event. `earlier`: turns of earlier
 * sales counted as ended ones, each with the weight `earlierWeight`.
 */
function kaplanMeier(ended: number[], running: number[], earlier: number[] = [], earlierWeight = 1): Step[] {
  const obs = [
    ...ended.map((at) => ({ at, event: 1, w: 1 })),
    ...earlier.map((at) => ({ at, event: 1, w: earlierWeight })),
    ...running.map((at) => ({ at, event: 0, w: 1 })),
  ].sort((a, b) => a.at - b.at || b.event - a.event);
  let atRisk = obs.reduce((sum, o) => sum + o.w, 0);
  let survival = 1;
  const steps: Step[] = [];
  for (let i = 0; i < obs.length;) {
    const at = obs[i]!.at;
    let events = 0;
    let gone = 0;
    for (; i < obs.length && obs[i]!.at === at; i++) {
      events += obs[i]!.event * obs[i]!.w;
      gone += obs[i]!.w;
    }
    if (events > 0) {
      survival *= 1 - events / atRisk;
      steps.push({ at, cdf: 1 - survival });
    }
    atRisk -= gone;
  }
  return steps;
}

/**
 * Beyond the longest observation. The ended turns set a pace: the hazard (per ms) since the first end (ends over
 * the time turns were exposed to ending since then). Shoppers still in after twice the longest ended turn, with
 * no end among them there although that pace would have given some, are of another kind (silent, most likely):
 * the share of the tail that keeps the pace is the chance of no end over that time at that pace; the rest ends
 * at the TTL.
 */
function paceTail(ended: number[], running: number[], longest: number, cap: number) {
  const first = Math.min(...ended);
  const last = Math.max(...ended);
  let exposure = 0;
  let beyond = 0;
  for (const x of [...ended, ...running]) {
    exposure += Math.max(0, x - first);
    beyond += Math.max(0, x - 2 * last);
  }
  const hazard = ended.length / Math.max(exposure, 1000);
  const pace = Math.exp(-hazard * beyond);
  return (v: number) =>
    v >= pace ? cap : Math.min(cap, longest - Math.log(1 - Math.min(v / pace, 1 - 1e-9)) / hazard);
}

/** The room's bounds, for reconstructing how many came in while the long shoppers did. */
export interface RoomBounds {
  capacity: number;
  admitPerSecond: number;
}

/**
 * The ended turns as a sample of every turn, once the engine's log is full (the last `TURN_LOG` ended): a flow of
 * departures, so long turns are in it as often as they are admitted, except those too long to have ended yet. The
 * shoppers who have outlasted twice every logged turn are those. Their share of the people let in: between one long
 * shopper's admission and the next, the room let the others in as fast as its free slots turned over (the slots
 * not held by long shoppers, once per mean logged turn) and the rate allowed.
 */
function fromFlow(ended: number[], running: number[], cap: number, room: RoomBounds): Step[] {
  const sorted = [...ended].sort((a, b) => a - b);
  const n = sorted.length;
  const longestEnded = sorted[n - 1]!;
  const meanEnded = Math.max(1000, sorted.reduce((sum, x) => sum + x, 0) / n);
  // Past the longest logged turn is not yet long: the log holds only the last few seconds of departures in a busy
  // sale, and slow servers stretch turns. As in the other case, long only past twice the longest ended one.
  const outlasting = running.filter((x) => x > 2 * longestEnded).sort((a, b) => b - a);
  const ratePerMs = room.admitPerSecond / 1000;
  let others = 0;
  outlasting.forEach((elapsed, k) => {
    const gap = elapsed - (outlasting[k + 1] ?? longestEnded);
    others += gap * Math.min(ratePerMs, Math.max(0, room.capacity - (k + 1)) / meanEnded);
  });
  // Never more than their share of all the turns in view: just past the log's longest may be the log's own kind.
  const longShare =
    outlasting.length === 0
      ? 0
      : Math.min(
          outlasting.length / (outlasting.length + n),
          outlasting.length / (outlasting.length + others),
        );
  const steps = sorted.map((at, i) => ({ at, cdf: ((1 - longShare) * (i + 1)) / n }));
  if (longShare > 0) steps.push({ at: Math.max(cap, longestEnded), cdf: 1 });
  return steps;
}

/**
 * `priorMs`: how long the latest turns of earlier sales lasted, used while this room's own ended turns do not fill
 * the engine's log (turn-prior.ts); empty for the fixed guess.
 */
export function turnLengths(
  endedMs: number[],
  runningMs: number[],
  ttlMs: number,
  room: RoomBounds,
  priorMs: number[] = [],
): TurnLengths {
  const ended = endedMs.filter((x) => Number.isFinite(x) && x >= 0);
  const running = runningMs.filter((x) => Number.isFinite(x) && x >= 0);
  const known = priorMs.filter((x) => Number.isFinite(x) && x >= 0 && x <= ttlMs);
  const patience = known.length ? priorPatience(known) : COLD_PATIENCE_MS;
  const prior = typicalOf(known, patience);
  const longest = Math.max(0, ...ended, ...running);
  const cap = Math.max(ttlMs, longest);
  const cold = ended.length === 0 && longest < patience;
  // While the log is not full it holds every turn that ended: with the running ones, the whole cohort. With a
  // prior, the earlier sales' turns fill the log's places this room's own ends have not filled yet (together they
  // weigh as much as those places), so the first quick ends of a sale do not stand alone for all its turns: at a
  // flash sale's opening the quickest shoppers finish first, and a loaded server stretches the turns that follow
  // _(chosen: measured on a flash sale's second round, bench/results/estimate-2026-12-07.md)_. Cold with a prior: a
  // shopper in for 10 s takes a turn of those that lasted 10 s at least.
  const blended = prior.length > 0 && ended.length < TURN_LOG && (cold || ended.length > 0);
  const steps = blended
    ? kaplanMeier(ended, running, prior, (TURN_LOG - ended.length) / prior.length)
    : ended.length >= TURN_LOG
      ? fromFlow(ended, running, cap, room)
      : kaplanMeier(ended, running);
  const seen = steps.length ? steps[steps.length - 1]!.cdf : 0;
  // The tail beyond the longest observation: the share `1 - seen` of turns, ending by the TTL at the latest.
  let tail: (v: number) => number;
  if (blended && !cold) {
    // Past the prior's longest too: at the pace this room's own ends set.
    tail = paceTail(ended, running, Math.max(longest, ...prior), cap);
  } else if (cold && prior.length) {
    // Past the longest of the prior (shoppers who outlast it, within the patience): ending any moment.
    tail = () => Math.min(cap, Math.max(...prior, longest));
  } else if (cold) {
    tail = () => Math.min(cap, Math.max(COLD_TURN_MS, longest));
  } else if (ended.length === 0) {
    tail = (v) => longest + v * (cap - longest);
  } else {
    tail = paceTail(ended, running, longest, cap);
  }
  const cdfAt = (ms: number) => {
    let lo = 0;
    let hi = steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (steps[mid]!.at <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : steps[lo - 1]!.cdf;
  };
  const plain = (u: number) => {
    if (steps.length === 0 || (u >= seen && seen < 1)) return tail((u - seen) / (1 - seen));
    let lo = 0;
    let hi = steps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (steps[mid]!.cdf >= u) hi = mid;
      else lo = mid + 1;
    }
    return steps[lo]!.at;
  };
  const quantile = (u: number, elapsedMs = 0) => {
    const from = elapsedMs > 0 ? cdfAt(elapsedMs) : 0;
    const v = Math.min(1, Math.max(0, u));
    return Math.max(elapsedMs, plain(from + v * (1 - from)));
  };
  return { quantile, ended: ended.length, cold };
}
