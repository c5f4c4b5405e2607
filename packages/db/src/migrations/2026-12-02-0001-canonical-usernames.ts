import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new dated file instead.
// Usernames are stored in their canonical (lower-case) form from now on, so `ADMIN` cannot sit beside `admin`.
// Existing names are lowered where that collides with no one; a colliding pair keeps its older spelling, and
// NOT VALID lets those rows stay while every new or changed row must be canonical.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    UPDATE users u SET username = lower(u.username)
     WHERE u.username <> lower(u.username)
       AND NOT EXISTS (SELECT 1 FROM users o WHERE o.id <> u.id AND lower(o.username) = lower(u.username));
    ALTER TABLE users ADD CONSTRAINT users_username_canonical CHECK (username = lower(username)) NOT VALID;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users DROP CONSTRAINT users_username_canonical`.execute(db);
}
