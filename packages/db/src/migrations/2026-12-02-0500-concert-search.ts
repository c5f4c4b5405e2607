import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new dated file instead.
// Concert search (docs/domain.md, "Concert search"). What was chosen and why:
// - pg_trgm, not full-text search: trigrams forgive typos ("beyonse" finds "Beyoncé") and match part of a word,
//   which tsvector stemming does not; they need no language configuration, and Korean titles split into trigrams
//   of Hangul syllables just as Latin ones do (checked on PostgreSQL 15 and PGlite 0.5, both C.UTF-8). PGlite ships
//   pg_trgm and unaccent as contrib extensions (loaded in pglite-pool.ts).
// - The folding (unaccent, then lower) runs in PostgreSQL, in one IMMUTABLE function that the generated columns
//   and the query both call: every row gets the same folded text however it was written (the API, a COPY, a bench
//   seed), and a query is folded exactly like the rows it is compared with. unaccent() itself is only STABLE (it
//   reads a dictionary by name); naming the dictionary explicitly makes the wrapper safe to declare IMMUTABLE, the
//   usual recipe for indexing it. Names are schema-qualified so the generated columns compute the same under any
//   search_path (a restore runs with an empty one).
// - A GIN index (gin_trgm_ops) on the folded document (title, performers, venue, city, category) answers the
//   word-similarity operator `<%` the search filters with; the title alone is folded into its own column so relevance can weigh a
//   title match above a venue or city match without folding at query time. The category is in the document (so
//   "jazz" finds jazz concerts) unless it is 'other', which no one searches for. Dates already have a btree
//   (concerts_sale_opens_at_idx, performances_concert_idx).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
    CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
    CREATE FUNCTION tix_search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
    CREATE FUNCTION tix_search_document(title text, performers text[], venue text, city text, category text)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.tix_search_fold(
        title || ' ' || array_to_string(performers, ' ') || ' ' || venue || ' ' || city || ' '
        || CASE WHEN category = 'other' THEN '' ELSE category END) $$;
    ALTER TABLE concerts
      ADD COLUMN performers text[] NOT NULL DEFAULT '{}',
      ADD COLUMN city text NOT NULL DEFAULT '',
      ADD COLUMN category text NOT NULL DEFAULT 'other',
      ADD COLUMN search_title text GENERATED ALWAYS AS (tix_search_fold(title)) STORED,
      ADD COLUMN search_document text
        GENERATED ALWAYS AS (tix_search_document(title, performers, venue, city, category)) STORED;
    CREATE INDEX concerts_search_document_trgm_idx ON concerts USING gin (search_document gin_trgm_ops);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX concerts_search_document_trgm_idx;
    ALTER TABLE concerts DROP COLUMN search_document, DROP COLUMN search_title, DROP COLUMN category,
      DROP COLUMN city, DROP COLUMN performers;
    DROP FUNCTION tix_search_document(text, text[], text, text, text);
    DROP FUNCTION tix_search_fold(text);
  `.execute(db);
}
