import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { cached } from '../../infra/cache.js';
import { decodeCursor, encodeCursor } from '../../infra/cursor.js';
import type { ListInput, SearchInput } from './concert.schema.js';
import {
  findConcert,
  findPerformance,
  listConcertPage,
  listDatesWithAvailability,
  listPerformances,
} from './concert.queries.js';
import { summariseConcerts } from './concert-summary.js';

/** Cache namespace of catalog reads; any admin change to a concert drops it. */
export const CATALOG_CACHE = 'catalog';

async function loadConcertList(deps: Deps, input: ListInput) {
  const rows = await listConcertPage(deps.db, {
    from: input.from,
    after: input.cursor ? decodeCursor(input.cursor) : undefined,
    limit: input.limit,
  });
  const page = rows.slice(0, input.limit);
  const items = await summariseConcerts(deps.db, page, { from: input.from });
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.sale_opens_at, last.id) : null,
  };
}

/** Where each cached catalog read lives in the cache; catalog-edge.ts answers hits from the same fields. */
export const catalogCacheField = {
  list: (input: ListInput) => `list:${input.from?.toISOString() ?? ''}:${input.cursor ?? ''}:${input.limit}`,
  dates: (concertId: string) => `dates:${concertId}`,
  // JSON keeps every field apart whatever text the query holds; the input is already parsed and defaulted.
  search: (input: SearchInput) => `search:${JSON.stringify(input)}`,
};

export function listConcerts(deps: Deps, input: ListInput) {
  return cached(
    deps.cache,
    CATALOG_CACHE,
    catalogCacheField.list(input),
    deps.config.catalogCacheTtlSeconds,
    () => loadConcertList(deps, input),
  );
}

export async function getConcert(deps: Deps, concertId: string) {
  const c = await findConcert(deps.db, concertId);
  if (!c) throw new DomainError('CONCERT_NOT_FOUND', 'No such concert');
  const performances = await listPerformances(deps.db, [c.id]);
  return {
    concertId: c.id,
    title: c.title,
    venue: c.venue,
    city: c.city,
    category: c.category,
    performers: c.performers,
    description: c.description,
    queueOpensAt: c.queue_opens_at,
    saleOpensAt: c.sale_opens_at,
    cancelledAt: c.cancelled_at,
    settings: {
      maxActive: c.max_active,
      admitPerSecond: c.admit_per_second,
      activeTtlSeconds: c.active_ttl_seconds,
      holdSeconds: c.hold_seconds,
      maxSeatsPerOrder: c.max_seats_per_order,
      refundCutoffSeconds: c.refund_cutoff_seconds,
      paused: c.paused,
    },
    performances: performances.map((p) => ({
      performanceId: p.id,
      startsAt: p.starts_at,
      seatsTotal: p.seats_total,
    })),
  };
}

/** Dates with availability, cached briefly: availability may lag by up to the catalog TTL. */
export async function listDates(deps: Deps, concertId: string) {
  return cached(
    deps.cache,
    CATALOG_CACHE,
    catalogCacheField.dates(concertId),
    deps.config.catalogCacheTtlSeconds,
    async () => {
      if (!(await findConcert(deps.db, concertId)))
        throw new DomainError('CONCERT_NOT_FOUND', 'No such concert');
      const rows = await listDatesWithAvailability(deps.db, concertId, deps.clock.now());
      return rows.map((r) => ({
        performanceId: r.id,
        startsAt: r.starts_at,
        seatsTotal: r.seats_total,
        seatsAvailable: Number(r.seats_available ?? 0),
      }));
    },
  );
}

/** A performance's concert and date never change, so each server remembers them after the first read. */
export async function requirePerformance(deps: Deps, performanceId: string) {
  const performance = await deps.immutable.get(`performance:${performanceId}`, () =>
    findPerformance(deps.db, performanceId),
  );
  if (!performance) throw new DomainError('PERFORMANCE_NOT_FOUND', 'No such performance');
  return performance;
}
