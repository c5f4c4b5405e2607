/**
 * The first step of a search (docs/domain.md, "Concert search"): the catalog words each query word stands for,
 * looked up in `search_vocabulary` (migration 2026-12-02-1200-search-vocabulary) in statements of their own, so the
 * page query then carries them as plain arrays. The planner sees the words themselves and weighs them with the word
 * index's statistics (a rare name: a few index entries; "live": a large share of the catalog), where a look-up
 * nested inside the page query is a value it knows nothing about until the query runs.
 * - Prefix first: the words a query word begins, on the vocabulary's primary key ("C" collation, so
 *   `starts_with` is an index range). No setting is needed, so a query spelled right needs no transaction.
 * - Typos second, for the words with no prefix match only: the most similar words by pg_trgm's `<%`, whose
 *   threshold (and the planner's choice of the trigram index) is set for one transaction alone.
 */
import type { Database, DB } from '@tix/db';
import { sql, type RawBuilder, type Transaction } from 'kysely';

/**
 * How similar a query word must be to a catalog word (pg_trgm's default is 0.6). At 0.5 one wrong letter in a
 * seven-letter name still matches ("beyonse" finds Beyoncé at 0.625), as does one wrong syllable of a
 * three-syllable Korean name (0.5), while unrelated words stay out.
 */
export const WORD_SIMILARITY_THRESHOLD = 0.5;

/** How many catalog words one query word may stand for: the first in alphabetical order, or the most similar. */
export const WORDS_PER_QUERY_WORD = 50;

/**
 * The catalog words each query word stands for, in the query's order: those it begins ("cornucop" →
 * "cornucopia", the word itself first), else those it is a typo of ("beyonse" → "beyonce"). An empty list for a
 * word with neither: the query then matches no concert.
 */
export async function lookUpCatalogWords(db: Database, words: readonly string[]): Promise<string[][]> {
  const found = await eachWord(
    db,
    words,
    (folded) => sql`SELECT word FROM search_vocabulary WHERE starts_with(word, ${folded}) ORDER BY word`,
  );
  const unknown = words.filter((_, i) => found[i]!.length === 0);
  if (unknown.length === 0) return found;
  const lookUpTypos = async (trx: Transaction<DB>) => {
    await setSearchThreshold(trx);
    // The planner prices a trigram comparison like an equality test, so it prefers to compare the word with the
    // whole vocabulary (300 ms at 64,000 words) over the trigram index that finds the few candidates (15 ms).
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    return eachWord(
      trx,
      unknown,
      (folded) =>
        sql`SELECT word FROM search_vocabulary WHERE ${folded} <% word ORDER BY ${folded} <<-> word, word`,
    );
  };
  // Inside a caller's transaction (the bench's), the setting lasts until it ends.
  const typos = db.isTransaction
    ? await lookUpTypos(db as Transaction<DB>)
    : await db.transaction().execute(lookUpTypos);
  let next = 0;
  return found.map((list) => (list.length > 0 ? list : typos[next++]!));
}

/** Sets the word-similarity threshold for the rest of the transaction, never for the pooled connection. */
export async function setSearchThreshold(trx: Transaction<DB>): Promise<void> {
  await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`.execute(
    trx,
  );
}

/**
 * One statement for every word: `pick(folded word)` for each, at most `WORDS_PER_QUERY_WORD` rows. Each word is
 * its own parameter, so the planner folds it to a constant and a prefix becomes an index range.
 */
async function eachWord(
  db: Database,
  words: readonly string[],
  pick: (folded: RawBuilder<unknown>) => RawBuilder<unknown>,
): Promise<string[][]> {
  const parts = words.map(
    (word, i) =>
      sql`SELECT ${sql.lit(i)} AS i, ARRAY(${pick(sql`tix_search_fold(${word})`)} LIMIT ${sql.lit(WORDS_PER_QUERY_WORD)}) AS words`,
  );
  const { rows } = await sql<{ i: number; words: string[] }>`${sql.join(parts, sql` UNION ALL `)}`.execute(
    db,
  );
  const byWord: string[][] = words.map(() => []);
  for (const row of rows) byWord[row.i] = row.words;
  return byWord;
}
