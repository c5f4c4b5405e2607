/** `admin.createConcert`: a concert, its performances and every seat, in one transaction. */
import type { Deps } from '../../deps.js';
import type { CreateConcertInput } from '../concert/concert.schema.js';
import { insertConcert, insertPerformance, insertSeatRange } from '../concert/concert.queries.js';
import { CATALOG_CACHE, getConcert } from '../concert/concert.service.js';
import { defaultLayout, layoutRanges } from '../concert/seat-layout.js';

export async function createConcert(deps: Deps, input: CreateConcertInput) {
  const d = deps.config.concertDefaults;
  const concertId = await deps.db.transaction().execute(async (trx) => {
    const { id } = await insertConcert(trx, {
      title: input.title,
      venue: input.venue,
      description: input.description,
      performers: input.performers ?? [],
      city: input.city ?? '',
      category: input.category ?? 'other',
      queue_opens_at: input.queueOpensAt ?? input.saleOpensAt,
      sale_opens_at: input.saleOpensAt,
      max_active: input.maxActive ?? d.maxActive,
      admit_per_second: input.admitPerSecond ?? d.admitPerSecond,
      active_ttl_seconds: input.activeTtlSeconds ?? d.activeTtlSeconds,
      hold_seconds: input.holdSeconds ?? d.holdSeconds,
      max_seats_per_order: input.maxSeatsPerOrder ?? d.maxSeatsPerOrder,
      refund_cutoff_seconds: input.refundCutoffSeconds ?? d.refundCutoffSeconds,
    });
    for (const p of input.performances) {
      const layout = p.layout ?? defaultLayout(p.seats ?? d.seatsPerPerformance);
      const ranges = layoutRanges(layout);
      const { id: performanceId } = await insertPerformance(trx, id, p.startsAt, ranges.at(-1)?.last ?? 0);
      for (const range of ranges) await insertSeatRange(trx, performanceId, range);
    }
    return id;
  });
  await deps.cache.invalidate(CATALOG_CACHE);
  return getConcert(deps, concertId);
}
