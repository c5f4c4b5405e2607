import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new dated file instead.
// Each concert's search words stored (docs/domain.md, "Concert search"), replacing the GIN index on the expression
// `tix_search_words(search_document)` (migration 2026-12-02-1200-search-vocabulary) by one on the column.
// - Why: a broad search in date order ("seoul live") is best answered by walking concert.list's order and keeping
//   the concerts that have the words; the planner rightly chooses that walk, but with the expression every row
//   walked is split into words again (a regular expression, about 10 µs), so 21 matches among 50,000 rows took
//   0.5 s at 1,000,000 concerts. A stored array costs one overlap test per row. Relevance order and typos are
//   unchanged: the GIN index answers `&&` on the column exactly as it did on the expression.
// - A generated column may not read another (`search_document`), so it folds the same document itself.
// - Costs about 100 bytes a concert, and one table rewrite here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE concerts ADD COLUMN search_words text[]
      GENERATED ALWAYS AS (tix_search_words(tix_search_document(title, performers, venue, city, category))) STORED;
    CREATE INDEX concerts_search_words_gin ON concerts USING gin (search_words);
    DROP INDEX concerts_search_words_idx;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX concerts_search_words_idx ON concerts USING gin (tix_search_words(search_document));
    DROP INDEX concerts_search_words_gin;
    ALTER TABLE concerts DROP COLUMN search_words;
  `.execute(db);
}
