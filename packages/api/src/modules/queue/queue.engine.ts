/**
 * What the rest of the API needs from the waiting room. The queue module implements it twice (Redis, and in-process
 * for the embedded default); the guard (queue.guard.ts) and the reservation and payment modules only see this.
 *
 * The engine stores and moves tokens; it never reads the database. Concert settings reach it as arguments
 * (`join`, `admit`) and through `configure`, which the admission job repeats every tick.
 */
import type { ScriptedLimit } from '../../infra/rate-limit.js';
import type { LineBatch, LineRead } from './queue-line.js';

export type QueueStatus = 'WAITING' | 'ACTIVE' | 'EXPIRED';

export interface QueueTokenInfo {
  token: string;
  userId: string;
  concertId: string;
  status: QueueStatus;
  /** WAITING only: people ahead plus one. */
  position?: number;
  /** ACTIVE only: when the token expires unless used again. */
  activeUntil?: Date;
  /** WAITING, from `status` and `inspect`: the order score, and the line change the position reflects (queue-line.ts). */
  order?: number;
  lineIndex?: number;
}

/** What `joinWithin` counted (the limit's settle takes it) and, within the limit, the join. */
export interface LimitedJoin {
  consumed: number;
  msBeforeNext: number;
  info: QueueTokenInfo | null;
}

/** The settings the engine acts on (from the `concerts` row). */
export interface QueueSettings {
  maxActive: number;
  admitPerSecond: number;
  activeTtlSeconds: number;
  paused: boolean;
  saleOpensAt: Date;
}

export interface JoinRequest {
  concertId: string;
  userId: string;
  /** A fresh token, used only when the user holds no live place yet. */
  token: string;
  /**
   * The place the token was signed with: pre-sale, a uniform random number in [0, 1); after the opening, from
   * `nextOrder` (first come, first served). Null: the engine draws the next sequence itself (unsigned tokens).
   */
  drawScore: number | null;
  settings: QueueSettings;
}

export interface AdmitResult {
  admitted: number;
  /** The tokens admitted by this step, in order (the recovery layer records their turns). */
  admittedTokens: string[];
  /** This was the concert's first admission step since the engine's memory began (new, or wiped). */
  fresh: boolean;
  /** WAITING tokens dropped for absence, and ACTIVE tokens whose time ran out. */
  dropped: number;
  expired: number;
  waiting: number;
  active: number;
  /** The line's changes since the last step that published (this step's admission included), to broadcast. */
  line: LineBatch;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  admittedLastMinute: number;
  /** Milliseconds covered by the admissions counted in `admittedLastMinute` (oldest one to now); 0 when none. */
  windowMs: number;
  /** Admissions since the queue began, for tests and metrics. */
  admittedTotal: number;
}

/** How many ended turns each engine logs per concert for the wait estimate (`RoomReading.recentTurnMs`). */
export const TURN_LOG = 100;

/** The room as the wait estimate sees it (wait-estimate.ts): who is shopping, and how long turns have lasted. */
export interface RoomReading {
  waiting: number;
  /** The live ACTIVE turns: admitted at (ms, null when not recorded) and ending by (ms) unless used again. */
  turns: Array<{ admittedAt: number | null; endsBy: number }>;
  /** The lengths of the last (up to `TURN_LOG`) ended turns, ms: paid, left or timed out alike. */
  recentTurnMs: number[];
}

/**
 * A WAITING user who has not been seen (poll, status, live subscription) for this long is dropped. When the room
 * itself was blind (no admission step for 3/4 of this window: Redis or every server away), nobody is dropped until
 * a full window after it sees again, and ACTIVE turns get the blind time back (docs/domain.md, "Recovery").
 */
export const PRESENCE_TIMEOUT_MS = 60_000;

/** How a forgotten token is put back (decided by queue-recovery.ts from the token's signed place and PostgreSQL). */
export interface RestoreRequest {
  token: string;
  userId: string;
  concertId: string;
  /** The signed order score: the place in line. */
  order: number;
  state: { status: 'WAITING' } | { status: 'ACTIVE'; activeUntil: Date } | { status: 'EXPIRED' };
}

export interface QueueEngine {
  /** Reads a token. When ACTIVE this counts as activity and pushes `activeUntil` out. Null when unknown. */
  inspect(token: string, now: Date): Promise<QueueTokenInfo | null>;
  /** A seat hold is pending until `until`: the ACTIVE token must not expire before then. */
  keepActiveUntil(token: string, until: Date): Promise<void>;
  /** Ends the token (after a payment commits, or when the user leaves); frees its slot at once. */
  expire(token: string, now: Date): Promise<void>;
  close(): Promise<void>;

  /** Joins, or returns the user's live place (same token, same place). Counts as presence. */
  join(request: JoinRequest, now: Date): Promise<QueueTokenInfo>;
  /**
   * `join` that first spends the call's point of a rate limit in the same atomic step, and joins only within the
   * limit (`info` null over it). Null when this engine cannot spend that limit (another connection): the caller
   * spends it itself. Only the Redis engine has it: in process, spending first costs no round trip.
   */
  joinWithin?(request: JoinRequest, limit: ScriptedLimit, now: Date): Promise<LimitedJoin | null>;
  /** Reads a token for its owner's status display: marks a WAITING user present, never extends ACTIVE. */
  status(token: string, now: Date): Promise<QueueTokenInfo | null>;
  /**
   * One admission step for a concert: expires lapsed ACTIVE tokens, drops absent WAITING ones, then admits from
   * the head up to the free capacity and the rate allowance. Atomic, so any number of instances may run it at once.
   * `holdIfFresh`: in the concert's first step since the engine's memory began, admit nobody (the recovery layer
   * first gives running turns their slots back, then steps again).
   */
  admit(
    concertId: string,
    settings: QueueSettings,
    now: Date,
    options?: { holdIfFresh?: boolean },
  ): Promise<AdmitResult>;
  /** Makes settings changes (capacity, TTL, pause) visible to every engine call at once. */
  configure(concertId: string, settings: QueueSettings): Promise<void>;
  counts(concertId: string, now: Date): Promise<QueueCounts>;
  /** The shoppers and recent turn lengths, for the wait estimate (read once per concert per second, not per person). */
  room(concertId: string, now: Date): Promise<RoomReading>;
  /** The order score of the next post-sale joiner (1 + a sequence that never restarts below an earlier one). */
  nextOrder(concertId: string, now: Date): Promise<number>;
  /** Puts back a token the engine does not know; a no-op when it does. True when it was put back. */
  restore(request: RestoreRequest, now: Date): Promise<boolean>;
  /** The line's changes after number `after`, for a server that missed a broadcast (queue-feed.ts). */
  lineSince(concertId: string, after: number): Promise<LineRead>;
  /** Marks these tokens present, those still WAITING (any concerts): one batch, for many people at once. */
  markPresent(tokens: string[], now: Date): Promise<void>;
}
