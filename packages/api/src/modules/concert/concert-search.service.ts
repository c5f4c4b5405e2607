/** `concert.search`: free text with filters, in relevance or date order, keyset-paged and cached like the catalog. */
import type { Deps } from '../../deps.js';
import { cached } from '../../infra/cache.js';
import { decodeCursor, decodeScoreCursor, encodeCursor, encodeScoreCursor } from '../../infra/cursor.js';
import { searchConcertPage, type SearchOrder } from './concert-search.queries.js';
import { summariseConcerts } from './concert-summary.js';
import { searchWords, type ConcertPage, type SearchInput } from './concert.schema.js';
import { CATALOG_CACHE, catalogCacheField } from './concert.service.js';

async function loadSearchPage(deps: Deps, input: SearchInput): Promise<ConcertPage> {
  const order: SearchOrder =
    input.sort === 'relevance'
      ? { sort: 'relevance', after: input.cursor ? decodeScoreCursor(input.cursor) : undefined }
      : { sort: 'date', after: input.cursor ? decodeCursor(input.cursor) : undefined };
  const filter = {
    words: searchWords(input.query),
    from: input.from,
    to: input.to,
    city: input.city,
    category: input.category,
    onSaleAt: input.onSaleNow ? deps.clock.now() : undefined,
  };
  const rows = await searchConcertPage(deps.db, filter, order, input.limit);
  const page = rows.slice(0, input.limit);
  const items = await summariseConcerts(deps.db, page, { from: input.from, to: input.to });
  const last = page.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > input.limit && last) {
    nextCursor =
      input.sort === 'relevance'
        ? encodeScoreCursor(last.score, last.id)
        : encodeCursor(last.sale_opens_at, last.id);
  }
  return { items, nextCursor };
}

/**
 * Cached under the catalog's namespace, so every operator change that drops the catalog drops search answers too.
 * "On sale now" is judged at the moment of the miss: an answer may lag a sale's opening by up to the catalog TTL.
 */
export function searchConcerts(deps: Deps, input: SearchInput) {
  return cached(
    deps.cache,
    CATALOG_CACHE,
    catalogCacheField.search(input),
    deps.config.catalogCacheTtlSeconds,
    () => loadSearchPage(deps, input),
  );
}
