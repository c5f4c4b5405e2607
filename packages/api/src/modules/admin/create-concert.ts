/** `admin.createConcert`: a concert, its performances, their venues and every place, in one transaction. */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import type { CreateConcertInput } from '../concert/concert.schema.js';
import { insertConcert, insertPerformance } from '../concert/concert.queries.js';
import { CATALOG_CACHE, getConcert } from '../concert/concert.service.js';
import { defaultLayout } from '../concert/seat-layout.js';
import { planVenue, storeLayout, storePlaces } from '../venue/venue.service.js';

/** The dates must run: queue opens ≤ sale opens < every show, every show still to come (docs/domain.md). */
function assertDatesInOrder(input: CreateConcertInput, now: Date): void {
  if (input.queueOpensAt && input.queueOpensAt > input.saleOpensAt) {
    throw new DomainError(
      'QUEUE_OPENS_AFTER_SALE',
      'The waiting room must open before (or when) the sale opens',
      {
        fields: ['queueOpensAt'],
      },
    );
  }
  input.performances.forEach((p, i) => {
    if (p.startsAt <= now) {
      throw new DomainError('SHOW_DATE_IN_PAST', 'A show date must be in the future', {
        fields: [`performances.${i}.startsAt`],
      });
    }
    if (p.startsAt <= input.saleOpensAt) {
      throw new DomainError('SHOW_BEFORE_SALE', 'A show must start after the sale opens', {
        fields: [`performances.${i}.startsAt`],
      });
    }
  });
}

export async function createConcert(deps: Deps, input: CreateConcertInput) {
  const d = deps.config.concertDefaults;
  assertDatesInOrder(input, deps.clock.now());
  // Planned before the transaction: a refusal (an unpriced grade) costs no database work.
  const plans = input.performances.map((p, i) =>
    planVenue(
      { venueName: input.venue, venue: p.venue, prices: p.prices },
      () => p.layout ?? defaultLayout(p.seats ?? d.seatsPerPerformance),
      `performances.${i}`,
    ),
  );
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
    }
    return id;
  });
  await deps.cache.invalidate(CATALOG_CACHE);
  return getConcert(deps, concertId);
}
