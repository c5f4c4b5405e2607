/** `admin.createConcert`: a concert, its performances, their venues and every place, in one transaction. */
import type { Deps } from '../../deps.js';
import type { CreateConcertInput } from '../concert/concert.schema.js';
import { insertConcert, insertPerformance } from '../concert/concert.queries.js';
import { CATALOG_CACHE, getConcert } from '../concert/concert.service.js';
import { warmSeatMap } from '../concert/seat-availability.js';
import { defaultLayout } from '../concert/seat-layout.js';
import { planVenue, storeLayout, storePlaces } from '../venue/venue.service.js';
import { assertDatesInOrder } from './concert-dates.js';

export async function createConcert(deps: Deps, input: CreateConcertInput) {
  const d = deps.config.concertDefaults;
  assertDatesInOrder(
    {
      queueOpensAt: input.queueOpensAt,
      saleOpensAt: input.saleOpensAt,
      shows: input.performances.map((p, i) => ({
        startsAt: p.startsAt,
        field: `performances.${i}.startsAt`,
      })),
    },
    deps.clock.now(),
  );
  // Planned before the transaction: a refusal (an unpriced grade) costs no database work.
  const plans = input.performances.map((p, i) =>
    planVenue(
      { venueName: input.venue, venue: p.venue, prices: p.prices },
      () => p.layout ?? defaultLayout(p.seats ?? d.seatsPerPerformance),
      `performances.${i}`,
    ),
  );
  const performanceIds: string[] = [];
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
    for (const [i, p] of input.performances.entries()) {
      const plan = plans[i]!;
      const layoutId = await storeLayout(trx, plan);
      const { id: performanceId } = await insertPerformance(trx, {
        concertId: id,
        startsAt: p.startsAt,
        seatsTotal: plan.layout.seatsTotal,
        layoutId,
      });
      await storePlaces(trx, performanceId, plan);
      performanceIds.push(performanceId);
    }
    return id;
  });
  await deps.cache.invalidate(CATALOG_CACHE);
  // After the commit, not awaited: the operator does not wait for a stadium's 56,000 fields to be written.
  for (const performanceId of performanceIds) warmSeatMap(deps, performanceId);
  return getConcert(deps, concertId);
}
