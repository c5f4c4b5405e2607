import type { Database } from '@tix/db';
import { sql } from 'kysely';
import { seatIsHeld } from '../reservation/hold-rules.js';

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
