/**
 * A waiting room in miniature for the estimate's tests: the admission job's rules (a tick a second, a token bucket
 * holding one second's worth, at most `capacity` shoppers) with shoppers whose turns last as long as the test says.
 * A turn at least as long as the TTL is a silent shopper: it ends when the TTL runs out.
 */
import { TURN_LOG } from '../../../src/modules/queue/queue.engine.js';
import type { RoomState } from '../../../src/modules/queue/wait-estimate.js';

export interface SimSettings {
  capacity: number;
  admitPerSecond: number;
  ttlMs: number;
  saleOpensAt?: number;
}

interface Shopper {
  id: number;
  admittedAt: number;
  endsAt: number;
}

/** A seeded generator, so a failing case can be replayed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export class RoomSimulator {
  now = 0;
  paused = false;
  readonly waiting: number[] = [];
  readonly admittedAt = new Map<number, number>();
  #active: Shopper[] = [];
  #ended: number[] = [];
  #bucket: number;
  #next = 0;

  constructor(
    readonly settings: SimSettings,
    /** How long person `id`'s turn would last if nothing stopped it (ms). */
    readonly turnOf: (id: number) => number,
  ) {
    this.#bucket = Math.max(1, settings.admitPerSecond);
  }

  join(count: number): number[] {
    const ids = Array.from({ length: count }, () => this.#next++);
    this.waiting.push(...ids);
    return ids;
  }

  /** Moves to `until` (ms), ending turns as they end and running the admission job on every whole second. */
  runUntil(until: number): void {
    while (this.now < until) {
      const nextTick = Math.floor(this.now / 1000) * 1000 + 1000;
      this.now = Math.min(until, nextTick);
      this.#endTurns();
      if (this.now === nextTick) this.#admit();
    }
  }

  /** Runs until everyone in `ids` has been let in (or `limitMs` passes). */
  runUntilAdmitted(ids: number[], limitMs: number): void {
    const end = this.now + limitMs;
    while (this.now < end && ids.some((id) => !this.admittedAt.has(id))) this.runUntil(this.now + 1000);
  }

  #endTurns() {
    const still: Shopper[] = [];
    for (const s of this.#active) {
      if (s.endsAt <= this.now) this.#ended.push(s.endsAt - s.admittedAt);
      else still.push(s);
    }
    this.#active = still;
    if (this.#ended.length > TURN_LOG) this.#ended.splice(0, this.#ended.length - TURN_LOG);
  }

  #admit() {
    const { capacity, admitPerSecond, ttlMs, saleOpensAt = 0 } = this.settings;
    if (this.paused || this.now < saleOpensAt) return;
    const burst = Math.max(1, admitPerSecond);
    this.#bucket = Math.min(burst, this.#bucket + admitPerSecond);
    const n = Math.min(capacity - this.#active.length, Math.floor(this.#bucket), this.waiting.length);
    for (const id of this.waiting.splice(0, Math.max(0, n))) {
      this.admittedAt.set(id, this.now);
      this.#active.push({ id, admittedAt: this.now, endsAt: this.now + Math.min(ttlMs, this.turnOf(id)) });
    }
    this.#bucket -= Math.max(0, n);
  }

  /** What the engine would report now. */
  state(): RoomState {
    return {
      capacity: this.settings.capacity,
      admitPerSecond: this.settings.admitPerSecond,
      ttlMs: this.settings.ttlMs,
      paused: this.paused,
      saleOpensAt: this.settings.saleOpensAt ?? 0,
      turns: this.#active.map((s) => ({
        admittedAt: s.admittedAt,
        endsBy: s.admittedAt + this.settings.ttlMs,
      })),
      recentTurnMs: [...this.#ended],
    };
  }
}
