/**
 * The search query (docs/domain.md, "Concert search"), fast by construction (migrations
 * 2026-12-02-1200-search-vocabulary, 2026-12-03-0101-search-words-column):
 * 1. each query word is looked up in the catalog's vocabulary, in statements of their own
 *    (search-vocabulary.queries.ts): the words it begins, or, when there are none, the words it is a typo of;
 * 2. the page query carries those words as arrays: a concert matches when its stored words include one of each
 *    query word's (`&&` on the GIN index of `search_words`, which skips through long posting lists);
 * 3. in relevance order, at most `RANKED_MATCHES` matches are ranked, against the folded title and the whole
 *    document; in date order (concert.list's), the planner either sorts the index's matches or, for broad
 *    words, walks the date index and keeps the rows that have them.
 * Folding (unaccent, lower) happens in PostgreSQL, in the same function the generated columns use, so a query and
 * the rows it meets are always folded alike.
 */
import type { Database } from '@tix/db';
import { sql } from 'kysely';
import type { KeysetCursor, ScoreCursor } from '../../infra/cursor.js';
import { summaryColumns } from './concert.queries.js';
import { lookUpCatalogWords } from './search-vocabulary.queries.js';

/** How many matches relevance order ranks: broader queries rank the first found (docs/domain.md). */
export const RANKED_MATCHES = 500;

export interface SearchFilter {
  /** The query's words, as typed: relevance is how well they match. */
  words: string[];
  /** For each query word, the catalog words it stands for (search-vocabulary.queries.ts): one of each must match. */
  catalogWords: string[][];
  from?: Date | undefined;
  to?: Date | undefined;
  city?: string | undefined;
  category?: string | undefined;
  /** Set for "on sale now": the moment the sale must have opened by and a performance must still be after. */
  onSaleAt?: Date | undefined;
}

export type SearchOrder =
  { sort: 'relevance'; after?: ScoreCursor | undefined } | { sort: 'date'; after?: KeysetCursor | undefined };

/**
 * One page (limit + 1 rows, to tell whether another follows): the words looked up first, then the page query; none
 * when a query word stands for no catalog word.
 */
export async function searchConcertPage(
  db: Database,
  filter: Omit<SearchFilter, 'catalogWords'>,
  order: SearchOrder,
  limit: number,
) {
  const catalogWords = await lookUpCatalogWords(db, filter.words);
  if (catalogWords.some((list) => list.length === 0)) return [];
  return searchPageQuery(db, { ...filter, catalogWords }, order, limit).execute();
}

/** The page query itself, unexecuted: the bench EXPLAINs exactly what the API runs. */
export function searchPageQuery(db: Database, filter: SearchFilter, order: SearchOrder, limit: number) {
  const phrase = filter.words.join(' ');
  let matches = db
    .selectFrom('concerts')
    .select(summaryColumns)
    .select(
      sql<number>`(word_similarity(tix_search_fold(${phrase}), search_title)
        + word_similarity(tix_search_fold(${phrase}), search_document))::float8`.as('score'),
    );
  for (const list of filter.catalogWords) {
    matches = matches.where(sql<boolean>`search_words && ${list}::text[]`);
  }
  if (filter.from || filter.to) {
    const { from, to } = filter;
    matches = matches.where(({ exists, selectFrom }) => {
      let inRange = selectFrom('performances')
        .select(sql`1`.as('one'))
        .whereRef('performances.concert_id', '=', 'concerts.id');
      if (from) inRange = inRange.where('performances.starts_at', '>=', from);
      if (to) inRange = inRange.where('performances.starts_at', '<=', to);
      return exists(inRange);
    });
  }
  if (filter.city !== undefined) {
    matches = matches.where(sql<boolean>`tix_search_fold(city) = tix_search_fold(${filter.city})`);
  }
  if (filter.category !== undefined) matches = matches.where('category', '=', filter.category);
  if (filter.onSaleAt) {
    const now = filter.onSaleAt;
    matches = matches
      .where('sale_opens_at', '<=', now)
      .where('paused', '=', false)
      .where('cancelled_at', 'is', null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('performances')
            .select(sql`1`.as('one'))
            .whereRef('performances.concert_id', '=', 'concerts.id')
            .where('performances.starts_at', '>', now),
        ),
      );
  }
  if (order.sort === 'relevance') matches = matches.limit(RANKED_MATCHES);
  let page = db
    .selectFrom(matches.as('m'))
    .selectAll('m')
    .limit(limit + 1);
  if (order.sort === 'relevance') {
    page = page.orderBy('m.score', 'desc').orderBy('m.id');
    if (order.after) {
      const { score, id } = order.after;
      page = page.where(
        sql<boolean>`(m.score < ${score}::float8 OR (m.score = ${score}::float8 AND m.id > ${id}::uuid))`,
      );
    }
  } else {
    page = page.orderBy('m.sale_opens_at').orderBy('m.id');
    if (order.after) {
      const { at, id } = order.after;
      page = page.where(sql<boolean>`(m.sale_opens_at, m.id) > (${at}, ${id}::uuid)`);
    }
  }
  return page;
}
