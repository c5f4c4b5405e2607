/**
 * The waiting room's recovery: what lets it lose its memory (Redis restarted without persistence, a failover that
 * lost writes, the embedded server restarting) without losing anyone who comes back. It wraps either engine:
 * - a token the engine does not know, but whose signature holds, is put back: in its signed place in line, or as
 *   the ACTIVE turn PostgreSQL vouches for (an admission recorded in `queue_turns`, or a live hold), or as EXPIRED
 *   when PostgreSQL says the turn has ended (paid, left);
 * - every admission is recorded, and the first admission step after the engine's memory began restores the turns
 *   PostgreSQL knows are still running, so they keep their slots before anyone else is let in;
 * - ends of turns written with a payment or a leave are applied to the room by a job, so a turn ends even when
 *   Redis was away at the moment it did.
 * The rules, and what cannot be kept, are in docs/domain.md ("Recovery").
 */
import type { Database } from '@tix/db';
import type { Transaction } from 'kysely';
import type { DB } from '@tix/db';
import type { Deps } from '../../deps.js';
import type { QueueEngine, QueueTokenInfo, RestoreRequest } from './queue.engine.js';
import { readSignedToken, type QueuePlace } from './queue-token.js';
import {
  findTurnEvidence,
  insertAdmittedTurns,
  insertTurnEnd,
  listEndsToApply,
  listLiveTurns,
  markEndsApplied,
  type TurnRow,
} from './queue-turns.queries.js';

/** Tokens older than the engine keeps a concert's keys are not restored (their queue is long gone). */
const RESTORE_HORIZON_MS = 3 * 24 * 60 * 60 * 1000;

export interface TurnEvidence {
  admittedAt: Date | null;
  endedAt: Date | null;
  holdUntil: Date | null;
  ttlSeconds: number;
}

/**
 * How a forgotten token comes back. An end recorded in PostgreSQL is final. A live hold, or an admission whose first
 * turn length has not run out, is an ACTIVE turn until the later of the two. A turn admitted longer ago than that
 * has run out (what it did since is not known). Anyone else is back WAITING in the signed place.
 */
export function restoredState(evidence: TurnEvidence, now: Date): RestoreRequest['state'] {
  if (evidence.endedAt) return { status: 'EXPIRED' };
  const turnUntil = evidence.admittedAt
    ? evidence.admittedAt.getTime() + evidence.ttlSeconds * 1000
    : Number.NEGATIVE_INFINITY;
  const until = Math.max(turnUntil, evidence.holdUntil?.getTime() ?? Number.NEGATIVE_INFINITY);
  if (until > now.getTime()) return { status: 'ACTIVE', activeUntil: new Date(until) };
  if (evidence.admittedAt) return { status: 'EXPIRED' };
  return { status: 'WAITING' };
}

const inners = new WeakMap<QueueEngine, QueueEngine>();

/** The engine a recovering one wraps (test support writes the in-process engine's state directly). */
export function innerQueueEngine(engine: QueueEngine): QueueEngine {
  return inners.get(engine) ?? engine;
}

export function withQueueRecovery(engine: QueueEngine, db: Database, secret: string): QueueEngine {
  const restore = async (token: string, place: QueuePlace, now: Date) => {
    if (now.getTime() - place.issuedAt.getTime() > RESTORE_HORIZON_MS) return;
    const row = await findTurnEvidence(db, token, place.userId, place.concertId, now);
    if (!row) return;
    const state = restoredState(
      {
        admittedAt: row.admitted_at,
        endedAt: row.ended_at,
        holdUntil: row.hold_until,
        ttlSeconds: row.active_ttl_seconds,
      },
      now,
    );
    await engine.restore(
      { token, userId: place.userId, concertId: place.concertId, order: place.order, state },
      now,
    );
  };

  /** A read that puts a forgotten, validly signed token back first. */
  const recovering =
    (read: (token: string, now: Date) => Promise<QueueTokenInfo | null>) =>
    async (token: string, now: Date): Promise<QueueTokenInfo | null> => {
      const info = await read(token, now);
      if (info) return info;
      const place = readSignedToken(token, secret);
      if (!place) return null;
      await restore(token, place, now);
      return read(token, now);
    };

  const wrapped: QueueEngine = {
    ...engine,
    inspect: recovering((token, now) => engine.inspect(token, now)),
    status: recovering((token, now) => engine.status(token, now)),

    async admit(concertId, settings, now) {
      let result = await engine.admit(concertId, settings, now, { holdIfFresh: true });
      if (result.fresh) {
        // The engine's memory has just begun: the turns PostgreSQL knows are running take their slots back.
        for (const turn of await listLiveTurns(db, concertId, settings.activeTtlSeconds, now)) {
          const state = restoredState(
            {
              admittedAt: turn.admitted_at,
              endedAt: null,
              holdUntil: turn.hold_until,
              ttlSeconds: settings.activeTtlSeconds,
            },
            now,
          );
          const order = readSignedToken(turn.token, secret)?.order ?? 0;
          await engine.restore({ token: turn.token, userId: turn.user_id, concertId, order, state }, now);
        }
        const first = result;
        const next = await engine.admit(concertId, settings, now);
        result = {
          ...next,
          dropped: first.dropped + next.dropped,
          expired: first.expired + next.expired,
          // Consecutive: the second step publishes what was logged after the first.
          line: { from: first.line.from, changes: [...first.line.changes, ...next.line.changes] },
        };
      }
      const rows: TurnRow[] = [];
      for (const token of result.admittedTokens) {
        const place = readSignedToken(token, secret);
        if (place) rows.push({ token, concert_id: concertId, user_id: place.userId });
      }
      // Losing this record only loses recoverability (a wipe would then bring the holder back WAITING at the
      // head), so a database hiccup must not fail an admission that has already happened.
      await insertAdmittedTurns(db, rows, now).catch((err: unknown) => {
        console.warn('queue: could not record admitted turns', err);
      });
      return result;
    },
  };
  inners.set(wrapped, engine);
  return wrapped;
}

/** The turn `info` is ends with this transaction (a payment); no-op for a turn known by no token. */
export async function endTurnIn(trx: Transaction<DB>, info: QueueTokenInfo, now: Date): Promise<void> {
  if (!info.token) return;
  await insertTurnEnd(trx, { token: info.token, concert_id: info.concertId, user_id: info.userId }, now);
}

/** After the commit: frees the slot now; if Redis is away, `applyTurnEnds` does it later. */
export async function applyTurnEnd(deps: Deps, token: string): Promise<void> {
  if (!token) return;
  try {
    await deps.queue.expire(token, deps.clock.now());
    await markEndsApplied(deps.db, [token], deps.clock.now());
  } catch {
    // The end is recorded; the job applies it once Redis answers.
  }
}

/**
 * Applies recorded ends the room has not seen. Several servers may apply the same end at once; ending a turn is
 * idempotent in both engines, so no lock is taken (and no database connection is held while Redis answers).
 */
export async function applyTurnEnds(deps: Deps, limit = 500): Promise<number> {
  const rows = await listEndsToApply(deps.db, limit);
  const now = deps.clock.now();
  for (const { token } of rows) await deps.queue.expire(token, now);
  await markEndsApplied(
    deps.db,
    rows.map((r) => r.token),
    now,
  );
  return rows.length;
}
