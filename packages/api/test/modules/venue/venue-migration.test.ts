/** The migration 2026-12-02-0100-venue-layouts maps an existing performance's seats into one section "A". */
import { createDb, migrateTo, migrateToLatest } from '@tix/db';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrl, testPgAdminUrl } from '../../support/env.js';

const name = `tix_mig_${Math.random().toString(36).slice(2, 10)}`;
async function admin(statement: string) {
  const client = new pg.Client({ connectionString: testPgAdminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe('venue layouts migration', () => {
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  it('gives every existing performance a one-section layout with its seats, grades and prices', async () => {
    await admin(`CREATE DATABASE ${name}`);
    const handle = await createDb({ databaseUrl: databaseUrl(name), poolSize: 2 });
    try {
      await migrateTo(handle.db, '2026-12-02-0002-seat-versions');
      const { rows } = await sql<{ id: string }>`
        WITH c AS (
          INSERT INTO concerts (title, venue, queue_opens_at, sale_opens_at, max_active, admit_per_second,
                                active_ttl_seconds, hold_seconds, max_seats_per_order, refund_cutoff_seconds)
          VALUES ('Old', 'Old Hall', now(), now(), 10, 1, 60, 300, 4, 0) RETURNING id
        )
        INSERT INTO performances (concert_id, starts_at, seats_total)
        SELECT id, now() + interval '30 days', 25 FROM c RETURNING id
      `.execute(handle.db);
      const performanceId = rows[0]!.id;
      await sql`
        INSERT INTO seats (performance_id, seat_no, grade, price)
        SELECT ${performanceId}::uuid, n, CASE WHEN n <= 5 THEN 'VIP' ELSE 'S' END,
               CASE WHEN n <= 5 THEN 150000 ELSE 80000 END
        FROM generate_series(1, 25) n
      `.execute(handle.db);

      await migrateToLatest(handle.db);
      const layout = await handle.db
        .selectFrom('performances as p')
        .innerJoin('venue_layouts as l', 'l.id', 'p.layout_id')
        .select(['l.name', 'l.seats_total', 'l.places_total', 'l.sections'])
        .where('p.id', '=', performanceId)
        .executeTakeFirstOrThrow();
      expect(layout).toMatchObject({ name: 'Old Hall', seats_total: 25, places_total: 25 });
      const [section] = layout.sections as Array<{
        sectionId: string;
        grade: string;
        rows: Array<{ firstSeatNo: number; count: number; grades?: (string | null)[] }>;
      }>;
      expect(section).toMatchObject({ sectionId: 'A', grade: 'VIP' });
      // 25 seats in rows of 10: every seat once, in order; S seats marked as overrides of the section's VIP.
      expect(section!.rows.map((r) => [r.firstSeatNo, r.count])).toEqual([
        [1, 10],
        [11, 10],
        [21, 5],
      ]);
      expect(section!.rows[0]!.grades).toEqual([null, null, null, null, null, 'S', 'S', 'S', 'S', 'S']);
      const prices = await handle.db
        .selectFrom('performance_prices')
        .select(['grade', 'price'])
        .where('performance_id', '=', performanceId)
        .orderBy('grade')
        .execute();
      expect(prices).toEqual([
        { grade: 'S', price: 80_000n },
        { grade: 'VIP', price: 150_000n },
      ]);
    } finally {
      await handle.close();
    }
  });
});
