/** The in-process engine's state for one concert (memory-queue.engine.ts acts on it). */
import { MemoryLine } from './queue-line.js';
import { SortedQueue } from './sorted-queue.js';

export const ADMIT_LOG_MS = 60_000;

export interface ConcertQueue {
  waiting: SortedQueue;
  /** token → activeUntil ms */
  active: Map<string, number>;
  /** WAITING token → last seen ms */
  seen: Map<string, number>;
  users: Map<string, string>;
  tokens: Map<string, string>;
  seq: number;
  bucket: { tokens: number; at: number } | null;
  /** Admission times (ms), oldest first, for the last minute. */
  admits: number[];
  admittedTotal: number;
  activeTtlMs: number;
  /** ACTIVE token → admitted at ms (for how long its turn has lasted). */
  admittedAt: Map<string, number>;
  /** The lengths of the last `TURN_LOG` ended turns (ms), oldest first. */
  turns: number[];
  /** The last admission step (ms); null before the first. */
  tick: number | null;
  /** No one is dropped for absence before this (ms): a presence window after a blind spot. */
  grace: number;
  /** The line's change log (queue-line.ts). */
  line: MemoryLine;
}

/** The engine's whole state, by concert id. A caller may keep a handle on it (test support admits through it). */
export type MemoryQueueStore = Map<string, ConcertQueue>;

/** A concert's queue in `concerts`, created empty on first use. */
export function concertQueueIn(concerts: MemoryQueueStore, concertId: string): ConcertQueue {
  let q = concerts.get(concertId);
  if (!q) {
    q = {
      waiting: new SortedQueue(),
      active: new Map(),
      seen: new Map(),
      users: new Map(),
      tokens: new Map(),
      seq: 0,
      bucket: null,
      admits: [],
      admittedTotal: 0,
      activeTtlMs: 600_000,
      admittedAt: new Map(),
      turns: [],
      tick: null,
      grace: 0,
      line: new MemoryLine(Date.now()),
    };
    concerts.set(concertId, q);
  }
  return q;
}
