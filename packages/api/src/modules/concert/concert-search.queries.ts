/**
 * The search query (docs/domain.md, "Concert search"), fast by construction (migration
 * 2026-12-02-1200-search-vocabulary):
 * 1. each query word is looked up in the catalog's vocabulary: the words it begins (a btree range), or, when there
 *    are none, the words it is a typo of (pg_trgm's `<%` on a trigram index); at most `WORDS_PER_QUERY_WORD`;
 * 2. a concert matches when its words include one of each query word's (`&&` on the GIN word index, which skips
 *    through long posting lists);
 * 3. in relevance order, at most `RANKED_MATCHES` matches are ranked, against the folded title and the whole
 *    document; date order walks concert.list's order and never ranks.
 * Folding (unaccent, lower) happens in PostgreSQL, in the same function the generated columns use, so a query and
 * the rows it meets are always folded alike.
 */
import type { Database, DB } from '@tix/db';
import { sql, type Transaction } from 'kysely';
import type { KeysetCursor, ScoreCursor } from '../../infra/cursor.js';
import { summaryColumns } from './concert.queries.js';

/**
 * How similar a query word must be to some stretch of the document (pg_trgm's default is 0.6). At 0.5 one wrong
 * letter in a seven-letter name still matches ("beyonse" finds Beyoncé at 0.625), as does one wrong syllable of a
 * three-syllable Korean name (0.5), while unrelated words stay out.
 */
export const WORD_SIMILARITY_THRESHOLD = 0.5;

/** How many catalog words one query word may stand for: the first in alphabetical order, or the most similar. */
export const WORDS_PER_QUERY_WORD = 50;

/** How many matches relevance order ranks: broader queries rank the first found (docs/domain.md). */
export const RANKED_MATCHES = 500;

export interface SearchFilter {
  words: string[];
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
 * One page (limit + 1 rows, to tell whether another follows). Takes a transaction because the threshold is set
 * for it alone (`set_config(..., true)`): a pooled connection must not keep it.
 */
export async function searchConcertPage(
  trx: Transaction<DB>,
  filter: SearchFilter,
  order: SearchOrder,
  limit: number,
) {
  await setSearchThreshold(trx);
  return searchPageQuery(trx, filter, order, limit).execute();
}

/** Sets the word-similarity threshold for the rest of the transaction. */
export async function setSearchThreshold(trx: Transaction<DB>): Promise<void> {
  await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`.execute(
    trx,
  );
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
  for (const word of filter.words) {
    matches = matches.where(sql<boolean>`tix_search_words(search_document) && ${catalogWordsFor(word)}`);
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

/**
 * The catalog words a query word stands for: those it begins ("cornucop" → "cornucopia", the word itself first),
 * else those it is a typo of ("beyonse" → "beyonce"). COALESCE runs the trigram lookup only when the first finds
 * nothing; a word with neither stands for nothing, and the query matches no concert.
 */
function catalogWordsFor(word: string) {
  const folded = sql`tix_search_fold(${word})`;
  return sql`COALESCE(
    (SELECT array_agg(word) FROM (SELECT word FROM search_vocabulary WHERE starts_with(word, ${folded})
      ORDER BY word LIMIT ${sql.lit(WORDS_PER_QUERY_WORD)}) prefixed),
    (SELECT array_agg(word) FROM (SELECT word FROM search_vocabulary WHERE ${folded} <% word
      ORDER BY ${folded} <<-> word, word LIMIT ${sql.lit(WORDS_PER_QUERY_WORD)}) typos),
    '{}')`;
}
