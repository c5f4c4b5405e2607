import type { Database, DB } from '@tix/db';
import { sql, type Transaction } from 'kysely';

export interface StoredLayout {
  content_hash: string;
  name: string;
  width: number;
  height: number;
  seats_total: number;
  places_total: number;
  sections: string;
  stage: string | null;
}

/** The layout with this content, inserted once: performances with the same venue share one row. */
export async function upsertLayout(trx: Transaction<DB>, layout: StoredLayout): Promise<string> {
  await trx
    .insertInto('venue_layouts')
    .values(layout)
    .onConflict((oc) => oc.column('content_hash').doNothing())
    .execute();
  const { id } = await trx
    .selectFrom('venue_layouts')
    .select('id')
    .where('content_hash', '=', layout.content_hash)
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertPrices(
  trx: Transaction<DB>,
  performanceId: string,
  prices: ReadonlyMap<string, bigint>,
): Promise<void> {
  await trx
    .insertInto('performance_prices')
    .values([...prices].map(([grade, price]) => ({ performance_id: performanceId, grade, price })))
    .execute();
}

/** Every place row of a performance (seats 1..N, then standing places), each with its grade's price. */
export async function insertPlaces(
  trx: Transaction<DB>,
  performanceId: string,
  grades: readonly string[],
): Promise<void> {
  // One statement however many places (a stadium has 56,000): the grades travel as one array parameter.
  await sql`
    INSERT INTO seats (performance_id, seat_no, grade, price)
    SELECT ${performanceId}::uuid, g.n::int, g.grade, pp.price
    FROM unnest(${grades}::text[]) WITH ORDINALITY AS g(grade, n)
    JOIN performance_prices pp ON pp.performance_id = ${performanceId}::uuid AND pp.grade = g.grade
  `.execute(trx);
}

export function findPerformanceVenue(db: Database, performanceId: string) {
  return db
    .selectFrom('performances as p')
    .innerJoin('venue_layouts as l', 'l.id', 'p.layout_id')
    .select([
      'p.id',
      'p.layout_id',
      'l.content_hash',
      'l.name',
      'l.width',
      'l.height',
      'l.seats_total',
      'l.places_total',
      'l.sections',
      'l.stage',
    ])
    .where('p.id', '=', performanceId)
    .executeTakeFirst();
}

export function listPrices(db: Database, performanceId: string) {
  return db
    .selectFrom('performance_prices')
    .select(['grade', 'price'])
    .where('performance_id', '=', performanceId)
    .orderBy('price', 'desc')
    .orderBy('grade')
    .execute();
}
