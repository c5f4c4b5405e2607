import type { Database } from '@tix/db';
import { sql } from 'kysely';
import { seatIsHeld } from '../reservation/hold-rules.js';

export const queueSettingColumns = [
  'id',
  'queue_opens_at',
  'sale_opens_at',
  'max_active',
  'admit_per_second',
  'active_ttl_seconds',
  'paused',
] as const;

export function findQueueSettings(db: Database, concertId: string) {
  return db.selectFrom('concerts').select(queueSettingColumns).where('id', '=', concertId).executeTakeFirst();
}

/** Concerts whose waiting room is open and which still have a performance ahead: the admission job's work list. */
export function listOpenQueues(db: Database, now: Date) {
  return db
    .selectFrom('concerts')
    .select(queueSettingColumns)
    .where('queue_opens_at', '<=', now)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('performances')
          .select(sql`1`.as('one'))
          .whereRef('performances.concert_id', '=', 'concerts.id')
          .where('performances.starts_at', '>', now),
      ),
    )
    .execute();
}

export function updateQueueSettings(
  db: Database,
  concertId: string,
  values: { max_active?: number; admit_per_second?: number; active_ttl_seconds?: number; paused?: boolean },
) {
  return db
    .updateTable('concerts')
    .set(values)
    .where('id', '=', concertId)
    .returning(queueSettingColumns)
    .executeTakeFirst();
}

/** Seats held (unexpired holds only), sold, and revenue of PAID reservations, for one concert. */
export async function seatStats(db: Database, concertId: string, now: Date) {
  const seats = await db
    .selectFrom('seats as s')
    .innerJoin('performances as p', 'p.id', 's.performance_id')
    .select([
      sql<number>`count(*) FILTER (WHERE ${seatIsHeld(now, 's')})::int`.as('held'),
      sql<number>`count(*) FILTER (WHERE s.status = 'SOLD')::int`.as('sold'),
    ])
    .where('p.concert_id', '=', concertId)
    .executeTakeFirstOrThrow();
  const paid = await db
    .selectFrom('reservations')
    .select(sql<string>`coalesce(sum(total_price), 0)::text`.as('revenue'))
    .where('concert_id', '=', concertId)
    .where('status', '=', 'PAID')
    .executeTakeFirstOrThrow();
  return { heldSeats: seats.held, soldSeats: seats.sold, revenue: BigInt(paid.revenue) };
}
