/**
 * One sale of the waiting-room scenario on a virtual clock: the product's Redis engine and estimate, buyers who join,
 * poll every 30 virtual seconds (so presence holds) and, once in, pay or leave when their turn is done (silent ones
 * time out). What each buyer was shown, on joining and at each poll, against the wait they actually had.
 */
import { randomUUID } from 'node:crypto';
import {
  COLD_PATIENCE_MS,
  createRedisQueueEngine,
  newQueueToken,
  queueKeys,
  toRoomState,
  waitEstimator,
} from '@tix/api';
import { mapLimit } from '../../load/run.js';
import { percentile } from '../../load/stats.js';
import type { BenchContext } from '../types.js';

export interface SaleCase {
  label: string;
  maxActive: number;
  admitPerSecond: number;
  activeTtlSeconds: number;
  /** Joins at the opening, then one every `trickleEveryS` for `trickleS` seconds. */
  burst: number;
  trickleEveryS: number;
  trickleS: number;
  /** A shopper's turn (ms); Infinity is a silent shopper, who times out. */
  turn: (random: () => number) => number;
}

export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Buyer {
  token: string;
  joinedAt: number;
  predicted: number;
  low: number;
  high: number;
  admittedAt?: number;
  leavesAt?: number;
  /** Joined once the room knew something of turns: one had ended, or a shopper had shopped `COLD_PATIENCE_MS`. */
  informed: boolean;
  /** The estimates shown at each poll while waiting: when, and the seconds said. */
  shown: Array<{ at: number; eta: number }>;
}

export async function runSale(ctx: BenchContext, sale: SaleCase) {
  const engine = createRedisQueueEngine(ctx.backends.redis);
  const concertId = randomUUID();
  const random = seeded(14);
  const start = Date.UTC(2030, 0, 1);
  const settings = {
    maxActive: sale.maxActive,
    admitPerSecond: sale.admitPerSecond,
    activeTtlSeconds: sale.activeTtlSeconds,
    paused: false,
    saleOpensAt: new Date(start),
  };
  const buyers: Buyer[] = [];
  const waiting = new Set<Buyer>();
  const shopping = new Set<Buyer>();

  const join = async (count: number, t: number) => {
    const now = new Date(t);
    const joined = await mapLimit(Array.from({ length: count }), 32, () =>
      engine.join(
        {
          concertId,
          userId: randomUUID(),
          token: newQueueToken(concertId),
          drawScore: null,
          settings,
        },
        now,
      ),
    );
    // What the buyer is shown on joining: the service's estimator over the same reading.
    const reading = await engine.room(concertId, now);
    const estimate = waitEstimator(toRoomState(settings, reading), now, Math.max(1, reading.waiting));
    const informed =
      reading.recentTurnMs.length > 0 ||
      reading.turns.some((turn) => turn.admittedAt !== null && t - turn.admittedAt >= COLD_PATIENCE_MS);
    for (const info of joined) {
      const e = estimate(info.position ?? 1);
      const buyer: Buyer = {
        token: info.token,
        joinedAt: t,
        predicted: e.etaSeconds ?? NaN,
        low: e.etaLowSeconds ?? NaN,
        high: e.etaHighSeconds ?? NaN,
        informed,
        shown: [],
      };
      buyers.push(buyer);
      waiting.add(buyer);
    }
  };

  await join(sale.burst, start);
  let t = start;
  const endAt = start + 3 * 3600_000;
  let nextTrickle = start + sale.trickleEveryS * 1000;
  while ((waiting.size > 0 || t < start + sale.trickleS * 1000) && t < endAt) {
    t += 1000;
    const now = new Date(t);
    // Shoppers who are done pay or leave; silent ones are left for the TTL.
    for (const b of shopping) {
      if (b.leavesAt !== undefined && b.leavesAt <= t) {
        await engine.expire(b.token, now);
        shopping.delete(b);
      }
    }
    if (t < start + sale.trickleS * 1000 && t >= nextTrickle) {
      await join(1, t);
      nextTrickle += sale.trickleEveryS * 1000;
    }
    // Presence: everyone waiting polls every 30 s (well inside the 60 s window).
    if ((t - start) % 30_000 === 0) {
      const polled = [...waiting];
      const states = await mapLimit(polled, 64, (b) => engine.status(b.token, now));
      const reading = await engine.room(concertId, now);
      const estimate = waitEstimator(toRoomState(settings, reading), now, Math.max(1, reading.waiting));
      polled.forEach((b, i) => {
        const position = states[i]?.position;
        const eta = position ? estimate(position).etaSeconds : null;
        if (eta !== null) b.shown.push({ at: t, eta });
      });
    }
    await engine.admit(concertId, settings, now);
    // Who got in: WAITING buyers whose token now reads ACTIVE (checked only for the head of the line).
    const head = [...waiting].slice(0, sale.maxActive + sale.admitPerSecond);
    const states = await mapLimit(head, 64, (b) => engine.status(b.token, now));
    head.forEach((b, i) => {
      if (states[i]?.status === 'ACTIVE') {
        b.admittedAt = t;
        const turn = sale.turn(random);
        b.leavesAt = Number.isFinite(turn) ? t + turn : undefined;
        waiting.delete(b);
        shopping.add(b);
      } else if (states[i]?.status === 'EXPIRED') {
        waiting.delete(b);
      }
    });
    // Silent shoppers end by their TTL inside admit(): forget them once the engine has.
    for (const b of shopping) {
      if (b.leavesAt === undefined && t >= b.admittedAt! + sale.activeTtlSeconds * 1000) {
        shopping.delete(b);
      }
    }
  }
  await ctx.backends.redis.del(...queueKeys(concertId));

  const admitted = buyers.filter((b) => b.admittedAt !== undefined && Number.isFinite(b.predicted));
  const errors = admitted.map((b) => {
    const actual = (b.admittedAt! - b.joinedAt) / 1000;
    return {
      actual,
      error: Math.abs(b.predicted - actual),
      inRange: actual >= b.low && actual <= b.high,
      informed: b.informed,
    };
  });
  const within = (set: typeof errors) =>
    set.length === 0 ? null : set.filter((e) => e.error <= Math.max(2, 0.25 * e.actual)).length / set.length;
  const sortedErr = errors.map((e) => e.error).sort((a, b) => a - b);
  // Every estimate shown while waiting (the polls), against the wait that was then left.
  const shown = admitted.flatMap((b) =>
    b.shown.map((s) => {
      const left = (b.admittedAt! - s.at) / 1000;
      return Math.abs(s.eta - left) <= Math.max(2, 0.25 * left);
    }),
  );
  const sortedWait = errors.map((e) => e.actual).sort((a, b) => a - b);
  return {
    buyers: buyers.length,
    admitted: admitted.length,
    withinAll: within(errors),
    withinInformed: within(errors.filter((e) => e.informed)),
    informedCount: errors.filter((e) => e.informed).length,
    shownWithin: shown.length ? shown.filter(Boolean).length / shown.length : null,
    shownCount: shown.length,
    inRange: errors.length ? errors.filter((e) => e.inRange).length / errors.length : null,
    medianWait: percentile(sortedWait, 50),
    p50Error: percentile(sortedErr, 50),
    p95Error: percentile(sortedErr, 95),
  };
}
