/**
 * The wait estimate: when will the person at position p be let in? A pure model of the room (docs/domain.md,
 * "Waiting room: the estimate"), with the time passed in, so tests can run it against a simulated room.
 *
 * Admission is bounded by two things at once: the rate (a token bucket holding one second's worth) and the free
 * shopping slots. A slot frees when its shopper pays, leaves or times out. For each current shopper we know when
 * the turn began and when it ends at the latest; how long turns take comes from the ended and the running turns
 * (turn-lengths.ts). The model lets the people ahead in one by one, each into the earliest free slot and no faster
 * than the rate. Turns are spread like the measured ones (each shopper, current or simulated, takes the next point
 * of an even spread over the distribution), so the slots free as unevenly as they do in the room. It runs three
 * times: with turns as measured, and shifted short and long by how little is known, which gives the estimate and
 * its range.
 */
import { MinHeap } from './min-heap.js';
import { turnLengths, type TurnLengths } from './turn-lengths.js';

export interface ShopperTurn {
  /** When the turn began (ms); null when not known (then the turn is taken to have begun a full TTL before it ends). */
  admittedAt: number | null;
  /** When the turn ends at the latest unless the shopper acts again (ms). */
  endsBy: number;
}

export interface RoomState {
  /** Shopping slots (the concert's `max_active`). */
  capacity: number;
  admitPerSecond: number;
  ttlMs: number;
  paused: boolean;
  saleOpensAt: number;
  /** The people shopping now. */
  turns: ShopperTurn[];
  /** How long recently ended turns lasted (ms), paid, left or timed out alike. */
  recentTurnMs: number[];
  /** How long the latest turns of earlier sales lasted (ms): the prior while none of this room's has ended. */
  priorTurnMs?: number[];
}

export interface WaitEstimate {
  /** Seconds until admission: the typical case. Null while paused. */
  etaSeconds: number | null;
  etaLowSeconds: number | null;
  etaHighSeconds: number | null;
  /** When this was worked out. */
  estimatedAt: Date;
}

/** Beyond this many people ahead the room repeats itself: the rest follow at the steady throughput. */
const SIMULATED = 20_000;
/** The admission job runs once a second, on the second (node-cron), so admissions happen only on whole seconds. */
const TICK_MS = 1000;
/** The first tick at or after `ms`. */
const tickAtOrAfter = (ms: number) => Math.ceil(ms / TICK_MS) * TICK_MS;
/** Even a rate-bound wait is not exact (people ahead give up, ticks fall unevenly): the range is at least ±10%. */
const MIN_SPREAD = 0.1;
/** The golden ratio's fraction: successive multiples spread evenly over 0..1 (an even spread of turn quantiles). */
const SPREAD_STEP = 0.6180339887498949;

type Case = 'low' | 'mid' | 'high';

/**
 * How far the short and long cases shift the turns (0..1 of the way to no time at all and to the longest): all
 * the way while no turn has ended, narrowing as ended turns accumulate.
 */
function uncertainty(ended: number): number {
  return ended === 0 ? 1 : Math.min(1, 1 / Math.sqrt(ended));
}

/** A turn's length (ms) for one case: the quantile `u`, shifted toward the short or the long end. */
function turnFor(lengths: TurnLengths, c: Case, u: number, elapsedMs: number, longestMs: number) {
  const w = uncertainty(lengths.ended);
  if (lengths.cold && c !== 'mid') return c === 'low' ? elapsedMs : longestMs;
  const v = c === 'low' ? u * (1 - w) : c === 'high' ? u + w * (1 - u) : u;
  return Math.min(longestMs, lengths.quantile(v, elapsedMs));
}

/**
 * Admission times (ms) for the next people in line, position 1 first, up to `SIMULATED`, with the throughput that
 * continues beyond (people per ms).
 */
export interface AdmissionCurve {
  times: Float64Array;
  perMs: number;
}

export function admissionCurve(
  state: RoomState,
  lengths: TurnLengths,
  now: number,
  c: Case,
  upTo: number,
): AdmissionCurve {
  const n = Math.max(1, Math.min(upTo, SIMULATED));
  const start = Math.max(now, state.saleOpensAt);
  const lastTick = Math.floor(start / TICK_MS) * TICK_MS;
  const ratePerMs = Math.max(state.admitPerSecond, 1e-6) / 1000;
  let spread = 0.5;
  const nextU = () => (spread = (spread + SPREAD_STEP) % 1);

  const slots = new MinHeap();
  const free = Math.max(0, state.capacity - state.turns.length);
  for (let i = 0; i < Math.min(free, n); i++) slots.push(start);
  const ends = state.turns
    .map((t) => {
      const began = t.admittedAt ?? t.endsBy - state.ttlMs;
      const elapsed = Math.max(0, now - began);
      return Math.min(
        t.endsBy,
        Math.max(now, began + turnFor(lengths, c, nextU(), elapsed, t.endsBy - began)),
      );
    })
    .sort((a, b) => a - b);
  // Over capacity (the operator lowered it): the first departures free nothing.
  for (const end of ends.slice(Math.max(0, ends.length - state.capacity))) slots.push(end);
  const times = new Float64Array(n);
  let previous = start;
  let turnSum = 0;
  for (let k = 0; k < n; k++) {
    // No slots at all (capacity 0): nobody is ever let in.
    if (slots.size === 0) {
      times.fill(Infinity, k);
      break;
    }
    const slotFree = slots.pop();
    // The bucket was emptied at the last tick (it is, whenever people are waiting) and refills at the rate.
    const rateAllows = lastTick + (k + 1) / ratePerMs;
    // Nobody is let in between ticks: a slot freed mid-second is filled at the next one. With turns of seconds
    // that half-second on average is a fifth of every turn (bench/results/estimate-2026-12-07.md).
    const at = tickAtOrAfter(Math.max(previous, slotFree, rateAllows));
    times[k] = at;
    previous = at;
    const turn = turnFor(lengths, c, nextU(), 0, state.ttlMs);
    turnSum += turn;
    slots.push(at + turn);
  }
  const perMs = Math.min(ratePerMs, state.capacity / Math.max(turnSum / n, 1));
  return { times, perMs };
}

function atPosition(curve: AdmissionCurve, position: number): number {
  const i = Math.max(1, position) - 1;
  if (i < curve.times.length) return curve.times[i]!;
  const last = curve.times[curve.times.length - 1]!;
  return last + (i - (curve.times.length - 1)) / curve.perMs;
}

/** The estimator for one room at one moment: build once per concert per change, read per person in O(1). */
export function waitEstimator(state: RoomState, now: Date, upTo: number = SIMULATED) {
  const nowMs = now.getTime();
  const lengths = turnLengths(
    state.recentTurnMs,
    state.turns.map((t) => Math.max(0, nowMs - (t.admittedAt ?? t.endsBy - state.ttlMs))),
    state.ttlMs,
    state,
    state.priorTurnMs,
  );
  const curves = state.paused
    ? null
    : {
        low: admissionCurve(state, lengths, nowMs, 'low', upTo),
        mid: admissionCurve(state, lengths, nowMs, 'mid', upTo),
        high: admissionCurve(state, lengths, nowMs, 'high', upTo),
      };
  return (position: number): WaitEstimate => {
    if (!curves) return { etaSeconds: null, etaLowSeconds: null, etaHighSeconds: null, estimatedAt: now };
    // Rounded up to the admission job's next tick: that is when the admission can actually happen.
    const seconds = (c: Case) => {
      const at = atPosition(curves[c], position);
      return Number.isFinite(at) ? Math.ceil((at - nowMs) / TICK_MS) : null;
    };
    const mid = seconds('mid');
    const low = seconds('low');
    const high = seconds('high');
    if (mid === null || low === null || high === null) {
      return { etaSeconds: null, etaLowSeconds: null, etaHighSeconds: null, estimatedAt: now };
    }
    return {
      etaSeconds: mid,
      etaLowSeconds: Math.min(low, Math.floor(mid * (1 - MIN_SPREAD))),
      etaHighSeconds: Math.max(high, Math.ceil(mid * (1 + MIN_SPREAD))),
      estimatedAt: now,
    };
  };
}

/** One person's estimate (for tests and one-off reads; the service keeps an estimator per concert). */
export function estimateWait(state: RoomState, position: number, now: Date): WaitEstimate {
  return waitEstimator(state, now, position)(position);
}
