import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new dated file instead.
// Every seat row carries the version of its last change, so a copy of seat availability outside PostgreSQL (the
// snapshot in Redis) can tell an older write from a newer one. The trigger draws it from one sequence on every
// update, while the updating transaction holds the row's lock: the next change to the same seat can only start
// after this one commits, so it always draws a larger number. No code path can forget to bump it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE SEQUENCE seat_version_seq;
    ALTER TABLE seats ADD COLUMN version bigint NOT NULL DEFAULT 0;
    CREATE FUNCTION seats_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.version := nextval('seat_version_seq');
      RETURN NEW;
    END;
    $$;
    CREATE TRIGGER seats_version BEFORE UPDATE ON seats FOR EACH ROW EXECUTE FUNCTION seats_bump_version();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER seats_version ON seats;
    DROP FUNCTION seats_bump_version();
    ALTER TABLE seats DROP COLUMN version;
    DROP SEQUENCE seat_version_seq;
  `.execute(db);
}
