import type { ConcertsTable, Database, DB } from '@tix/db';
import { sql, type Insertable, type Transaction } from 'kysely';
import type { KeysetCursor } from '../../infra/cursor.js';
import { seatIsFree } from '../reservation/hold-rules.js';

export const concertColumns = [
  'id',
  'title',
  'venue',
  'description',
  'queue_opens_at',
  'sale_opens_at',
  'max_active',
  'admit_per_second',
  'active_ttl_seconds',
  'hold_seconds',
  'max_seats_per_order',
  'refund_cutoff_seconds',
  'paused',
  'performers',
  'city',
  'category',
  'cancelled_at',
] as const;

/** The concert columns of a summary (concert-summary.ts); both page queries select exactly these. */
export const summaryColumns = [
  'id',
  'title',
  'venue',
  'city',
  'category',
  'performers',
  'sale_opens_at',
  'cancelled_at',
] as const;

export function findConcert(db: Database, concertId: string) {
  return db.selectFrom('concerts').select(concertColumns).where('id', '=', concertId).executeTakeFirst();
}

export function listConcertPage(
  db: Database,
  page: { from?: Date | undefined; after?: KeysetCursor | undefined; limit: number },
) {
  let query = db
    .selectFrom('concerts')
    .select(summaryColumns)
    .orderBy('sale_opens_at')
    .orderBy('id')
    .limit(page.limit + 1);
  if (page.after) {
    const { at: saleOpensAt, id } = page.after;
    query = query.where(sql<boolean>`(sale_opens_at, id) > (${saleOpensAt}, ${id}::uuid)`);
  }
  if (page.from) {
    const from = page.from;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('performances')
          .select(sql`1`.as('one'))
          .whereRef('performances.concert_id', '=', 'concerts.id')
          .where('performances.starts_at', '>=', from),
      ),
    );
  }
  return query.execute();
}

export function listPerformances(db: Database, concertIds: string[]) {
  if (concertIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('performances')
    .select(['id', 'concert_id', 'starts_at', 'seats_total'])
    .where('concert_id', 'in', concertIds)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}

/** Dates with live availability: a HELD seat whose hold has run out counts as available. */
export function listDatesWithAvailability(db: Database, concertId: string, now: Date) {
  return db
    .selectFrom('performances as p')
    .select(['p.id', 'p.starts_at', 'p.seats_total'])
    .select((eb) =>
      eb
        .selectFrom('seats as s')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('s.performance_id', '=', 'p.id')
        // Seats only: standing places are rows numbered after them (docs/domain.md, "Venues").
        .whereRef('s.seat_no', '<=', 'p.seats_total')
        .where(seatIsFree(now, 's'))
        .as('seats_available'),
    )
    .where('p.concert_id', '=', concertId)
    .orderBy('p.starts_at')
    .orderBy('p.id')
    .execute();
}

export function findPerformance(db: Database, performanceId: string) {
  return db
    .selectFrom('performances')
    .select(['id', 'concert_id', 'starts_at', 'seats_total'])
    .where('id', '=', performanceId)
    .executeTakeFirst();
}

/** The part of a seat map that never changes: seat numbers, grades, prices. */
export function listSeatLayout(db: Database, performanceId: string) {
  return db
    .selectFrom('seats')
    .select(['seat_no', 'grade', 'price'])
    .where('performance_id', '=', performanceId)
    .orderBy('seat_no')
    .execute();
}

/** The part that changes, with each seat's version and, for a HELD seat, who holds it. */
export function listSeatStates(db: Database, performanceId: string) {
  return db
    .selectFrom('seats as s')
    .leftJoin('reservations as r', 'r.id', 's.reservation_id')
    .select([
      's.performance_id',
      's.seat_no',
      's.status',
      's.hold_expires_at',
      's.version',
      'r.user_id as holder',
    ])
    .where('s.performance_id', '=', performanceId)
    .execute();
}

export function insertConcert(trx: Transaction<DB>, values: Insertable<ConcertsTable>) {
  return trx.insertInto('concerts').values(values).returning('id').executeTakeFirstOrThrow();
}

export function insertPerformance(
  trx: Transaction<DB>,
  p: { concertId: string; startsAt: Date; seatsTotal: number; layoutId: string },
) {
  return trx
    .insertInto('performances')
    .values({
      concert_id: p.concertId,
      starts_at: p.startsAt,
      seats_total: p.seatsTotal,
      layout_id: p.layoutId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}
