/**
 * The `queue_turns` table: what the waiting room must not forget if Redis (or the embedded server's memory) does.
 * Admissions are recorded by the admission step; the end of a turn (payment, leaving) in the transaction that ends
 * it, and applied to the room by `applyTurnEnds` (queue-recovery.ts). The live holds read here are the evidence of
 * a turn that PostgreSQL keeps anyway.
 */
import type { Database, DB } from '@tix/db';
import { sql, type Transaction } from 'kysely';
import { holdIsLive } from '../reservation/hold-rules.js';

export interface TurnRow {
  token: string;
  concert_id: string;
  user_id: string;
}

/** Admitted now; an existing row keeps its first admission and its end. */
export async function insertAdmittedTurns(db: Database, rows: TurnRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('queue_turns')
    .values(rows.map((r) => ({ ...r, admitted_at: now })))
    .onConflict((oc) => oc.column('token').doNothing())
    .execute();
}

/** The turn ends (inside the payment's or the leave's transaction); the first end stands. */
export async function insertTurnEnd(trx: Transaction<DB> | Database, row: TurnRow, now: Date): Promise<void> {
  await trx
    .insertInto('queue_turns')
    .values({ ...row, ended_at: now })
    .onConflict((oc) =>
      oc.column('token').doUpdateSet({ ended_at: sql`coalesce(queue_turns.ended_at, ${now})` }),
    )
    .execute();
}

/** Ends not yet applied to the room, oldest first. */
export function listEndsToApply(db: Database, limit: number) {
  return db
    .selectFrom('queue_turns')
    .select(['token'])
    .where('ended_at', 'is not', null)
    .where('end_applied_at', 'is', null)
    .orderBy('ended_at')
    .limit(limit)
    .execute();
}

export async function markEndsApplied(db: Database, tokens: string[], now: Date): Promise<void> {
  if (tokens.length === 0) return;
  await db
    .updateTable('queue_turns')
    .set({ end_applied_at: now })
    .where('token', 'in', tokens)
    .where('end_applied_at', 'is', null)
    .execute();
}

/**
 * How long the latest turns that ended lasted (ms; paid or left, any concert, within `withinMs`), newest first: the
 * wait estimate's prior before a sale's own first turn ends.
 */
export async function listRecentTurnLengths(
  db: Database,
  now: Date,
  limit: number,
  withinMs: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('queue_turns')
    .select(['admitted_at', 'ended_at'])
    .where('ended_at', 'is not', null)
    .where('admitted_at', 'is not', null)
    .where('ended_at', '>', new Date(now.getTime() - withinMs))
    .where('ended_at', '<=', now)
    .orderBy('ended_at', 'desc')
    .limit(limit)
    .execute();
  return rows
    .map((r) => r.ended_at!.getTime() - r.admitted_at!.getTime())
    .filter((ms) => Number.isFinite(ms) && ms >= 0);
}

/** The latest live hold of `userId` for the concert (null when none): a turn PostgreSQL vouches for. */
const liveHoldUntil = (userId: string, concertId: string, now: Date) =>
  sql<Date | null>`(SELECT max(r.expires_at) FROM reservations r
    WHERE r.user_id = ${userId} AND r.concert_id = ${concertId} AND ${holdIsLive(now, 'r')})`;

/** What PostgreSQL knows of one token's turn, and the concert's turn length; undefined for an unknown concert. */
export function findTurnEvidence(db: Database, token: string, userId: string, concertId: string, now: Date) {
  return db
    .selectFrom('concerts as c')
    .leftJoin('queue_turns as t', (join) => join.on('t.token', '=', token).onRef('t.concert_id', '=', 'c.id'))
    .select([
      'c.active_ttl_seconds',
      't.admitted_at',
      't.ended_at',
      liveHoldUntil(userId, concertId, now).as('hold_until'),
    ])
    .where('c.id', '=', concertId)
    .executeTakeFirst();
}

/** Turns of a concert that are still running by PostgreSQL's account: admitted and not ended, in time or holding. */
export function listLiveTurns(db: Database, concertId: string, ttlSeconds: number, now: Date) {
  return db
    .selectFrom('queue_turns as t')
    .select(['t.token', 't.user_id', 't.admitted_at'])
    .select((eb) =>
      sql<Date | null>`(SELECT max(r.expires_at) FROM reservations r
        WHERE r.user_id = ${eb.ref('t.user_id')} AND r.concert_id = ${concertId} AND ${holdIsLive(now, 'r')})`.as(
        'hold_until',
      ),
    )
    .where('t.concert_id', '=', concertId)
    .where('t.ended_at', 'is', null)
    .where('t.admitted_at', 'is not', null)
    .where('t.admitted_at', '>', new Date(now.getTime() - 3 * 24 * 3600_000))
    .execute()
    .then((rows) =>
      rows.filter(
        (r) => r.admitted_at!.getTime() + ttlSeconds * 1000 > now.getTime() || r.hold_until !== null,
      ),
    );
}

/** A live hold of the caller (evidence of an admitted turn), with the open turn it most likely came from. */
export function findLiveHold(db: Database, userId: string, reservationId: string, now: Date) {
  return db
    .selectFrom('reservations as r')
    .select(['r.concert_id', 'r.expires_at'])
    .select((eb) =>
      eb
        .selectFrom('queue_turns as t')
        .select('t.token')
        .whereRef('t.concert_id', '=', 'r.concert_id')
        .where('t.user_id', '=', userId)
        .where('t.ended_at', 'is', null)
        .orderBy('t.admitted_at', 'desc')
        .limit(1)
        .as('turn_token'),
    )
    .where('r.id', '=', reservationId)
    .where('r.user_id', '=', userId)
    .where(holdIsLive(now, 'r'))
    .executeTakeFirst();
}
