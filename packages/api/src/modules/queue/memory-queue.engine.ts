/**
 * The in-process waiting room for the embedded default (one server, no Redis). Same rules as the Redis engine's Lua
 * scripts, step for step; the shared contract suite runs against both. Every method runs to completion without
 * awaiting, so each is atomic within the process.
 */
import {
  PRESENCE_TIMEOUT_MS,
  type AdmitResult,
  type JoinRequest,
  type QueueCounts,
  type QueueEngine,
  type QueueSettings,
  type QueueTokenInfo,
  type RoomReading,
  TURN_LOG,
} from './queue.engine.js';
import {
  ADMIT_LOG_MS,
  concertQueueIn,
  type ConcertQueue,
  type MemoryQueueStore,
} from './memory-queue.state.js';
import { concertIdOfToken } from './queue-token.js';

export type { ConcertQueue, MemoryQueueStore } from './memory-queue.state.js';

export function createMemoryQueueEngine(
  concerts: MemoryQueueStore = new Map(),
  presenceMs: number = PRESENCE_TIMEOUT_MS,
): QueueEngine {
  const queueOf = (concertId: string) => concertQueueIn(concerts, concertId);

  /** Drops a token everywhere; an ended turn, given when it ended, is logged for the estimate. */
  const drop = (q: ConcertQueue, token: string, endedAt?: number) => {
    const began = q.admittedAt.get(token);
    if (began !== undefined) {
      q.admittedAt.delete(token);
      if (endedAt !== undefined) {
        q.turns.push(Math.max(0, endedAt - began));
        if (q.turns.length > TURN_LOG) q.turns.splice(0, q.turns.length - TURN_LOG);
      }
    }
    const score = q.waiting.scoreOf(token);
    if (score !== undefined) {
      q.waiting.delete(token);
      q.line.log({ kind: 'remove', score });
    }
    q.seen.delete(token);
    q.active.delete(token);
    const userId = q.tokens.get(token);
    if (userId !== undefined && q.users.get(userId) === token) q.users.delete(userId);
  };

  const logInsert = (q: ConcertQueue) => (score: number) => q.line.log({ kind: 'insert', score });

  /** How long the room has not seen anyone, when that is long enough to count as a blind spot; else 0. */
  const blindMs = (q: ConcertQueue, nowMs: number) =>
    q.tick !== null && nowMs - q.tick > presenceMs * 0.75 ? nowMs - q.tick : 0;

  /** The post-sale sequence starts at now × 1000, so a room that lost its memory never hands out an earlier place. */
  const nextSeq = (q: ConcertQueue, nowMs: number) => {
    if (q.seq === 0) q.seq = nowMs * 1000;
    return ++q.seq;
  };

  /** The token's state now, dropping it when its presence or activity has lapsed. */
  const read = (q: ConcertQueue, concertId: string, token: string, nowMs: number, extend: boolean) => {
    const userId = q.tokens.get(token);
    if (userId === undefined) return null;
    const base = { token, userId, concertId };
    const blind = blindMs(q, nowMs);
    const rank = q.waiting.rank(token);
    if (rank !== null) {
      const seen = q.seen.get(token) ?? 0;
      if (seen <= nowMs - presenceMs && blind === 0 && nowMs >= q.grace) {
        drop(q, token);
        return { ...base, status: 'EXPIRED' as const };
      }
      q.seen.set(token, Math.max(q.seen.get(token) ?? 0, nowMs));
      const order = q.waiting.scoreOf(token)!;
      return { ...base, status: 'WAITING' as const, position: rank + 1, order, lineIndex: q.line.index };
    }
    let until = q.active.get(token);
    if (until !== undefined) {
      until += blind;
      if (until <= nowMs) {
        drop(q, token, until);
        return { ...base, status: 'EXPIRED' as const };
      }
      // As in Redis: the blind credit is read here but written only by the next admission step.
      if (extend && nowMs + q.activeTtlMs > until) {
        until = nowMs + q.activeTtlMs;
        q.active.set(token, until);
      }
      return { ...base, status: 'ACTIVE' as const, activeUntil: new Date(until) };
    }
    return { ...base, status: 'EXPIRED' as const };
  };

  const withToken = (token: string) => {
    const concertId = concertIdOfToken(token);
    const q = concertId ? concerts.get(concertId) : undefined;
    return concertId && q ? { concertId, q } : null;
  };

  const configureQueue = (q: ConcertQueue, settings: QueueSettings) => {
    q.activeTtlMs = settings.activeTtlSeconds * 1000;
  };

  return {
    async inspect(token, now) {
      const found = withToken(token);
      return found ? read(found.q, found.concertId, token, now.getTime(), true) : null;
    },

    async status(token, now) {
      const found = withToken(token);
      return found ? read(found.q, found.concertId, token, now.getTime(), false) : null;
    },

    async keepActiveUntil(token, until) {
      const found = withToken(token);
      const current = found?.q.active.get(token);
      if (found && current !== undefined && until.getTime() > current)
        found.q.active.set(token, until.getTime());
    },

    async expire(token, now) {
      const found = withToken(token);
      if (found) drop(found.q, token, now.getTime());
    },

    async join(request: JoinRequest, now: Date): Promise<QueueTokenInfo> {
      const q = queueOf(request.concertId);
      configureQueue(q, request.settings);
      const nowMs = now.getTime();
      const existing = q.users.get(request.userId);
      if (existing !== undefined) {
        const info = read(q, request.concertId, existing, nowMs, true);
        if (info && info.status !== 'EXPIRED') return info;
      }
      const { token, userId } = request;
      q.users.set(userId, token);
      q.tokens.set(token, userId);
      q.waiting.insertLogged(token, request.drawScore ?? 1 + nextSeq(q, nowMs), logInsert(q));
      q.seen.set(token, nowMs);
      return {
        token,
        userId,
        concertId: request.concertId,
        status: 'WAITING',
        position: q.waiting.rank(token)! + 1,
      };
    },

    async admit(concertId, settings, now, options): Promise<AdmitResult> {
      const q = queueOf(concertId);
      configureQueue(q, settings);
      const nowMs = now.getTime();
      // After a blind spot, turns get the lost time back and the waiting get a full presence window to show up.
      const fresh = q.tick === null;
      const blind = blindMs(q, nowMs);
      if (blind > 0) {
        for (const [token, until] of q.active) q.active.set(token, until + blind);
        q.grace = nowMs + presenceMs;
      }
      q.tick = nowMs;
      let expired = 0;
      for (const [token, until] of q.active) {
        if (until <= nowMs) {
          drop(q, token, until);
          expired += 1;
        }
      }
      let dropped = 0;
      for (const [token, seen] of q.seen) {
        if (nowMs >= q.grace && seen <= nowMs - presenceMs) {
          drop(q, token);
          dropped += 1;
        }
      }
      q.admits = q.admits.filter((at) => at > nowMs - ADMIT_LOG_MS);
      const result = {
        admitted: 0,
        admittedTokens: [] as string[],
        fresh,
        dropped,
        expired,
        waiting: q.waiting.size,
        active: q.active.size,
      };
      if (settings.paused || nowMs < settings.saleOpensAt.getTime() || (fresh && options?.holdIfFresh))
        return { ...result, line: q.line.unpublished() };

      const burst = Math.max(1, settings.admitPerSecond);
      const bucket = q.bucket ?? { tokens: burst, at: nowMs };
      if (nowMs > bucket.at) {
        bucket.tokens = Math.min(
          burst,
          bucket.tokens + ((nowMs - bucket.at) * settings.admitPerSecond) / 1000,
        );
        bucket.at = nowMs;
      }
      q.bucket = bucket;
      const n = Math.min(settings.maxActive - q.active.size, Math.floor(bucket.tokens), q.waiting.size);
      if (n <= 0) return { ...result, line: q.line.unpublished() };
      const upTo = q.waiting.scoreOf(q.waiting.peek(n - 1)!)!;
      const admittedTokens = q.waiting.shift(n);
      q.line.log({ kind: 'admit', count: n, upTo });
      for (const token of admittedTokens) {
        q.seen.delete(token);
        q.active.set(token, nowMs + settings.activeTtlSeconds * 1000);
        q.admits.push(nowMs);
        q.admittedAt.set(token, nowMs);
      }
      bucket.tokens -= n;
      q.admittedTotal += n;
      const line = q.line.unpublished();
      return { ...result, admitted: n, admittedTokens, waiting: q.waiting.size, active: q.active.size, line };
    },

    async configure(concertId, settings) {
      configureQueue(queueOf(concertId), settings);
    },

    async counts(concertId: string, now: Date): Promise<QueueCounts> {
      const q = concerts.get(concertId);
      if (!q) return { waiting: 0, active: 0, admittedLastMinute: 0, windowMs: 0, admittedTotal: 0 };
      const nowMs = now.getTime();
      const recent = q.admits.filter((at) => at > nowMs - ADMIT_LOG_MS);
      let active = 0;
      for (const until of q.active.values()) if (until > nowMs) active += 1;
      return {
        waiting: q.waiting.size,
        active,
        admittedLastMinute: recent.length,
        windowMs: recent.length > 0 ? nowMs - recent[0]! : 0,
        admittedTotal: q.admittedTotal,
      };
    },

    async room(concertId: string, now: Date): Promise<RoomReading> {
      const q = concerts.get(concertId);
      if (!q) return { waiting: 0, turns: [], recentTurnMs: [] };
      const nowMs = now.getTime();
      const turns: RoomReading['turns'] = [];
      for (const [token, endsBy] of q.active) {
        if (endsBy > nowMs) turns.push({ endsBy, admittedAt: q.admittedAt.get(token) ?? null });
      }
      return { waiting: q.waiting.size, turns, recentTurnMs: [...q.turns] };
    },

    async nextOrder(concertId, now) {
      return 1 + nextSeq(queueOf(concertId), now.getTime());
    },

    async restore({ token, userId, concertId, order, state }, now) {
      const q = queueOf(concertId);
      if (q.tokens.has(token)) return false;
      q.tokens.set(token, userId);
      const other = q.users.get(userId);
      const otherLive = other !== undefined && (q.waiting.rank(other) !== null || q.active.has(other));
      if (state.status === 'EXPIRED' || otherLive) return true;
      q.users.set(userId, token);
      if (state.status === 'ACTIVE') q.active.set(token, state.activeUntil.getTime());
      else {
        q.waiting.insertLogged(token, order, logInsert(q));
        q.seen.set(token, now.getTime());
      }
      return true;
    },

    async lineSince(concertId, after) {
      return queueOf(concertId).line.since(after);
    },

    async markPresent(tokens, now) {
      for (const token of tokens) {
        const seen = withToken(token)?.q.seen;
        const last = seen?.get(token);
        if (seen && last !== undefined && now.getTime() > last) seen.set(token, now.getTime());
      }
    },

    async close() {
      concerts.clear();
    },
  };
}
