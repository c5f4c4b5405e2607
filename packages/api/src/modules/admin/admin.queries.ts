import type { ConcertsTable, Database, DB } from '@tix/db';
import { sql, type Transaction, type Updateable } from 'kysely';
import { queueSettingColumns } from '../queue/queue.queries.js';
import { seatIsHeld } from '../reservation/hold-rules.js';

/**
 * A concert's places per date and grade (total, sold, held by unexpired holds only) and the revenue of its PAID
 * reservations: one scan of its seats, one sum of its reservations.
 */
export async function seatStats(db: Database, concertId: string, now: Date) {
  const [grades, paid] = await Promise.all([
    sellThrough(db, concertId, now),
    db
      .selectFrom('reservations')
      .select(sql<string>`coalesce(sum(total_price), 0)::text`.as('revenue'))
      .where('concert_id', '=', concertId)
      .where('status', '=', 'PAID')
      .executeTakeFirstOrThrow(),
  ]);
  const sum = (key: 'held' | 'sold') => grades.reduce((n, g) => n + g[key], 0);
  return { heldSeats: sum('held'), soldSeats: sum('sold'), revenue: BigInt(paid.revenue), grades };
}

/** Sold and total places per date and grade (standing places count as places), in date then grade order. */
export function sellThrough(db: Database, concertId: string, now: Date) {
  return db
    .selectFrom('seats as s')
    .innerJoin('performances as p', 'p.id', 's.performance_id')
    .select([
      'p.id as performanceId',
      'p.starts_at as startsAt',
      's.grade',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE s.status = 'SOLD')::int`.as('sold'),
      sql<number>`count(*) FILTER (WHERE ${seatIsHeld(now, 's')})::int`.as('held'),
    ])
    .where('p.concert_id', '=', concertId)
    .groupBy(['p.id', 'p.starts_at', 's.grade'])
    .orderBy('p.starts_at')
    .orderBy('p.id')
    .orderBy('s.grade')
    .execute();
}

/** The concert row under an update lock, with its dates: what editing and cancelling decide on. */
export async function lockConcert(trx: Transaction<DB>, concertId: string) {
  const concert = await trx
    .selectFrom('concerts')
    .select(['id', 'title', 'queue_opens_at', 'sale_opens_at', 'cancelled_at'])
    .where('id', '=', concertId)
    .forUpdate()
    .executeTakeFirst();
  if (!concert) return undefined;
  const shows = await trx
    .selectFrom('performances')
    .select(['id', 'starts_at'])
    .where('concert_id', '=', concert.id)
    .orderBy('starts_at')
    .execute();
  return { ...concert, shows };
}

export async function moveShows(trx: Transaction<DB>, moves: { id: string; startsAt: Date }[]) {
  for (const m of moves) {
    await trx.updateTable('performances').set({ starts_at: m.startsAt }).where('id', '=', m.id).execute();
  }
}

/** Sets the given columns (undefined ones stay) and answers the queue settings' row. */
export function updateConcertRow(trx: Transaction<DB>, concertId: string, values: Updateable<ConcertsTable>) {
  const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) {
    return trx
      .selectFrom('concerts')
      .select(queueSettingColumns)
      .where('id', '=', concertId)
      .executeTakeFirstOrThrow();
  }
  return trx
    .updateTable('concerts')
    .set(set)
    .where('id', '=', concertId)
    .returning(queueSettingColumns)
    .executeTakeFirstOrThrow();
}

/** The concert's running holds and paid reservations, locked in id order (the cancel's work list). */
export function lockLiveReservations(trx: Transaction<DB>, concertId: string) {
  return trx
    .selectFrom('reservations')
    .select(['id', 'user_id', 'performance_id', 'status', 'total_price', 'expires_at'])
    .where('concert_id', '=', concertId)
    .where('status', 'in', ['HELD', 'PAID'])
    .orderBy('id')
    .forUpdate()
    .execute();
}

export function markConcertCancelled(trx: Transaction<DB>, concertId: string, now: Date) {
  return trx
    .updateTable('concerts')
    .set({ cancelled_at: now })
    .where('id', '=', concertId)
    .returning(queueSettingColumns)
    .executeTakeFirstOrThrow();
}

/** Moves these reservations on from `from` (as their lock showed them) in one statement. */
export async function setReservationsStatus(
  trx: Transaction<DB>,
  ids: string[],
  from: 'HELD' | 'PAID',
  set: { status: 'CANCELLED' | 'EXPIRED' | 'REFUNDED'; cancelled_at?: Date },
): Promise<void> {
  if (ids.length === 0) return;
  await trx.updateTable('reservations').set(set).where('id', 'in', ids).where('status', '=', from).execute();
}
