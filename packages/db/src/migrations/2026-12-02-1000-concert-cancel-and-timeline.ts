import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new dated file instead.
// Cancelling a concert (docs/domain.md, "Cancelling a concert") and the operator's sale timeline.
// - `concerts.cancelled_at`: set once, never cleared.
// - A reservation can never be written for a cancelled concert. The trigger takes the same KEY SHARE lock on the
//   concert row as the foreign key does, so a hold racing the cancel either commits first (and the cancel, which
//   locks the row FOR UPDATE, then finds and releases it) or waits for the cancel and then sees cancelled_at.
// - `sale_samples`: a concert's room and sales every 10 s. The key (concert, sampled_at) lets exactly one of many
//   servers write each tick's sample; the sampler deletes rows older than a day, so the table stays bounded.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE concerts ADD COLUMN cancelled_at timestamptz;

    CREATE FUNCTION reservations_refuse_cancelled() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM 1 FROM concerts WHERE id = NEW.concert_id AND cancelled_at IS NULL FOR KEY SHARE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'concert % is cancelled', NEW.concert_id
          USING ERRCODE = 'check_violation', CONSTRAINT = 'reservations_concert_not_cancelled';
      END IF;
      RETURN NEW;
    END;
    $$;
    CREATE TRIGGER reservations_concert_not_cancelled BEFORE INSERT ON reservations
      FOR EACH ROW EXECUTE FUNCTION reservations_refuse_cancelled();

    CREATE TABLE sale_samples (
      concert_id uuid NOT NULL REFERENCES concerts (id) ON DELETE CASCADE,
      sampled_at timestamptz NOT NULL,
      waiting integer NOT NULL CHECK (waiting >= 0),
      active integer NOT NULL CHECK (active >= 0),
      admitted_last_minute integer NOT NULL CHECK (admitted_last_minute >= 0),
      held_seats integer NOT NULL CHECK (held_seats >= 0),
      sold_seats integer NOT NULL CHECK (sold_seats >= 0),
      revenue bigint NOT NULL CHECK (revenue >= 0),
      PRIMARY KEY (concert_id, sampled_at)
    );
    CREATE INDEX sale_samples_age_idx ON sale_samples (sampled_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE sale_samples;
    DROP TRIGGER reservations_concert_not_cancelled ON reservations;
    DROP FUNCTION reservations_refuse_cancelled();
    ALTER TABLE concerts DROP COLUMN cancelled_at;
  `.execute(db);
}
