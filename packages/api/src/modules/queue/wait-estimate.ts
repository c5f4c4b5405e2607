/**
 * The wait estimate: when will the person at position p be let in? A pure model of the room (docs/domain.md,
 * "Waiting room: the estimate"), with the time passed in, so tests can run it against a simulated room.
 *
 * Admission is bounded by two things at once: the rate (a token bucket holding one second's worth) and the free
 * shopping slots. A slot frees when its shopper pays, leaves or times out. For each current shopper we know when
 * the turn was admitted and when it ends at the latest; from the turns that ended recently we know how long turns
 * take. The model lets the people ahead in one by one, each into the earliest free slot and no faster than the
 * rate, and each new shopper then holds the slot for a typical turn. It does so three times: with short, typical
 * and long turns, which gives the low end, the estimate and the high end.
 */

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
}

export interface WaitEstimate {
  /** Seconds until admission: the typical case. Null while paused. */
  etaSeconds: number | null;
  etaLowSeconds: number | null;
  etaHighSeconds: number | null;
  /** When this was worked out. */
  estimatedAt: Date;
}

/** Fewer ended turns than this and their spread says little: a cold guess stands in (see `turnLengths`). */
export const MIN_TURN_SAMPLES = 5;
/** The cold guess of a typical turn before turns have ended, unless the shoppers have already shopped longer. */
export const COLD_TURN_MS = 30_000;
/** Beyond this many people ahead the room repeats itself: the rest follow at the steady throughput. */
const SIMULATED = 20_000;
/** The admission job runs once a second, so nobody is let in sooner than the next tick. */
const TICK_MS = 1000;
/** Even a rate-bound wait is not exact (people ahead give up, ticks fall unevenly): the range is at least ±10%. */
const MIN_SPREAD = 0.1;

const QUANTILES = { low: 0.2, mid: 0.5, high: 0.8 } as const;
type Case = keyof typeof QUANTILES;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i]!;
}

/**
 * Turn lengths (ms) for the three cases. With enough ended turns, their 20th, 50th and 80th percentiles. Before
 * that (the first minute or so of a sale) a wide range inside what is sure: from no time at all (the rate alone
 * limits) to the whole TTL, with 30 s, or as long as the current shoppers have already shopped, as the estimate.
 */
export function turnLengths(
  state: Pick<RoomState, 'recentTurnMs' | 'ttlMs' | 'turns'>,
  now: number,
): Record<Case, number> {
  const sorted = [...state.recentTurnMs].sort((a, b) => a - b);
  if (sorted.length < MIN_TURN_SAMPLES) {
    let longest = 0;
    for (const t of state.turns) {
      if (t.admittedAt !== null) longest = Math.max(longest, now - t.admittedAt);
    }
    return { low: 0, mid: Math.min(state.ttlMs, Math.max(COLD_TURN_MS, longest)), high: state.ttlMs };
  }
  return {
    low: quantile(sorted, QUANTILES.low),
    mid: quantile(sorted, QUANTILES.mid),
    high: quantile(sorted, QUANTILES.high),
  };
}

/**
 * When a current shopper is likely to leave, given how long the turn has lasted so far: among the ended turns
 * that lasted longer than this one already has, the remaining time at the case's quantile. A shopper who has
 * outlasted every ended turn (silent, most likely) is expected to use the whole turn.
 */
function expectedEnd(
  turn: ShopperTurn,
  sortedTurns: number[],
  q: number,
  ttlMs: number,
  now: number,
  guess: number,
) {
  const began = turn.admittedAt ?? turn.endsBy - ttlMs;
  const elapsed = Math.max(0, now - began);
  let end: number;
  if (sortedTurns.length < MIN_TURN_SAMPLES) {
    end = began + guess;
  } else {
    const longer = sortedTurns.filter((d) => d > elapsed);
    end = longer.length === 0 ? turn.endsBy : began + quantile(longer, q);
  }
  return Math.min(turn.endsBy, Math.max(now, end));
}

/** A binary min-heap of slot-free times. */
class MinHeap {
  #a: number[] = [];
  get size() {
    return this.#a.length;
  }
  push(v: number) {
    const a = this.#a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= v) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = v;
  }
  pop(): number {
    const a = this.#a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/**
 * Admission times (ms) for the next people in line, position 1 first, up to `SIMULATED`, with the throughput that
 * continues beyond (people per ms).
 */
export interface AdmissionCurve {
  times: Float64Array;
  perMs: number;
}

export function admissionCurve(state: RoomState, now: number, c: Case, upTo: number): AdmissionCurve {
  const n = Math.max(1, Math.min(upTo, SIMULATED));
  const lengths = turnLengths(state, now);
  const turn = lengths[c];
  const sortedTurns = [...state.recentTurnMs].sort((a, b) => a - b);
  const start = Math.max(now, state.saleOpensAt);
  const ratePerMs = Math.max(state.admitPerSecond, 1e-6) / 1000;

  const slots = new MinHeap();
  const free = Math.max(0, state.capacity - state.turns.length);
  for (let i = 0; i < Math.min(free, n); i++) slots.push(start);
  const ends = state.turns
    .map((t) => expectedEnd(t, sortedTurns, QUANTILES[c], state.ttlMs, now, turn))
    .sort((a, b) => a - b);
  // Over capacity (the operator lowered it): the first departures free nothing.
  for (const end of ends.slice(Math.max(0, ends.length - state.capacity))) slots.push(end);
  const times = new Float64Array(n);
  let previous = start;
  for (let k = 0; k < n; k++) {
    // No slots at all (capacity 0): nobody is ever let in.
    if (slots.size === 0) {
      times.fill(Infinity, k);
      break;
    }
    const slotFree = slots.pop();
    // The bucket is taken to be empty now (it is, whenever people are waiting): the next admission is a tick away.
    const rateAllows = start + Math.max(TICK_MS, (k + 1) / ratePerMs);
    const at = Math.max(previous, slotFree, rateAllows);
    times[k] = at;
    previous = at;
    slots.push(at + turn);
  }
  const perMs = Math.min(ratePerMs, state.capacity / Math.max(turn, 1));
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
  const curves = state.paused
    ? null
    : {
        low: admissionCurve(state, nowMs, 'low', upTo),
        mid: admissionCurve(state, nowMs, 'mid', upTo),
        high: admissionCurve(state, nowMs, 'high', upTo),
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
