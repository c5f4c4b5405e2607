/** The item shape concert.list and concert.search share (ZConcertSummary), built from concert rows of one page. */
import type { Database } from '@tix/db';
import { listPerformances } from './concert.queries.js';
import type { ZConcertSummary } from './concert.schema.js';
import type { z } from 'zod';

interface SummaryRow {
  id: string;
  title: string;
  venue: string;
  city: string;
  category: string;
  performers: string[];
  sale_opens_at: Date;
  cancelled_at: Date | null;
}

/** Each concert with its performances inside the range (when given), in date order. */
export async function summariseConcerts(
  db: Database,
  rows: readonly SummaryRow[],
  range: { from?: Date | undefined; to?: Date | undefined } = {},
): Promise<z.infer<typeof ZConcertSummary>[]> {
  const performances = await listPerformances(
    db,
    rows.map((c) => c.id),
  );
  return rows.map((c) => ({
    concertId: c.id,
    title: c.title,
    venue: c.venue,
    city: c.city,
    // The column only ever holds a category the API accepted (ZCategory).
    category: c.category as z.infer<typeof ZConcertSummary>['category'],
    performers: c.performers,
    saleOpensAt: c.sale_opens_at,
    // Set when the operator cancelled it: listed as cancelled, and nobody can join (docs/domain.md).
    cancelledAt: c.cancelled_at,
    // When the last show starts: after it the concert is over (not on sale, no joining), whatever the cache age.
    lastShowAt: performances.filter((p) => p.concert_id === c.id).at(-1)?.starts_at ?? null,
    performances: performances
      .filter(
        (p) =>
          p.concert_id === c.id &&
          (!range.from || p.starts_at >= range.from) &&
          (!range.to || p.starts_at <= range.to),
      )
      .map((p) => ({ performanceId: p.id, startsAt: p.starts_at })),
  }));
}
