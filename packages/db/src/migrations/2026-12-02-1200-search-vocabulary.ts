import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new dated file instead.
// Concert search made fast by construction (docs/domain.md, "Concert search"), pg_trgm's own recipe for
// typo-tolerant word search: trigrams compare the query's words with the catalog's vocabulary, a small table, and
// the concerts are then found by exact words on an inverted index.
// - Why: a trigram index over the whole document answers `<%` by reading the posting list of every trigram of every
//   query word. A common word ("live", "seoul") has trigrams in a large share of 1,000,000 rows, none of them
//   required on its own, so the index cannot skip and every candidate is rechecked against its text.
// - Words: the folded document split into runs of letters and digits (the same runs the API takes from a query),
//   `tix_search_words(search_document)`, under a GIN array index on that expression (no stored copy: a bulk load
//   folds each row once). Each query word becomes "has one of these words" (`&&`); GIN intersects the words'
//   posting lists and skips through the long ones, so the rarest word sets the cost.
// - `search_vocabulary`: every word any concert has had, in "C" collation so its primary key also answers "begins
//   with" (`starts_with`), plus a GIN trigram index for typos. Filled by triggers on concerts (one statement-level
//   insert for a bulk load); a word no concert has any more stays, and only costs a lookup that finds no concert.
// - The trigram index on `search_document` is dropped: nothing filters on the document any more (it still ranks).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION tix_search_words(document text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT regexp_split_to_array(document, '[^[:alnum:]]+') $$;
    CREATE INDEX concerts_search_words_idx ON concerts USING gin (tix_search_words(search_document));
    DROP INDEX concerts_search_document_trgm_idx;

    CREATE TABLE search_vocabulary (word text COLLATE "C" PRIMARY KEY);
    CREATE INDEX search_vocabulary_trgm_idx ON search_vocabulary USING gin (word gin_trgm_ops);
    INSERT INTO search_vocabulary
      SELECT DISTINCT w FROM concerts, unnest(tix_search_words(search_document)) w WHERE w <> '' ON CONFLICT DO NOTHING;

    CREATE FUNCTION tix_search_vocabulary_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_vocabulary
          SELECT DISTINCT w FROM new_concerts, unnest(tix_search_words(search_document)) w WHERE w <> '' ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
    CREATE TRIGGER concerts_search_vocabulary_insert AFTER INSERT ON concerts
      REFERENCING NEW TABLE AS new_concerts FOR EACH STATEMENT EXECUTE FUNCTION tix_search_vocabulary_insert();
    CREATE FUNCTION tix_search_vocabulary_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_vocabulary
          SELECT DISTINCT w FROM unnest(tix_search_words(NEW.search_document)) w WHERE w <> '' ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
    CREATE TRIGGER concerts_search_vocabulary_update AFTER UPDATE OF title, performers, venue, city, category
      ON concerts FOR EACH ROW EXECUTE FUNCTION tix_search_vocabulary_update();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER concerts_search_vocabulary_update ON concerts;
    DROP TRIGGER concerts_search_vocabulary_insert ON concerts;
    DROP FUNCTION tix_search_vocabulary_update();
    DROP FUNCTION tix_search_vocabulary_insert();
    DROP TABLE search_vocabulary;
    CREATE INDEX concerts_search_document_trgm_idx ON concerts USING gin (search_document gin_trgm_ops);
    DROP INDEX concerts_search_words_idx;
    DROP FUNCTION tix_search_words(text);
  `.execute(db);
}
