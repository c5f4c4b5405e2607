import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new dated file instead.
// Performances by start time. Every server's admission job (each second) and sale sampler (each 10 s) list the
// concerts with a waiting room open and a performance still ahead (`listOpenQueues`). Without this index that is a
// sequential scan of concerts or performances on every tick: at 1,000,000 concerts about 0.4 to 1 s of PostgreSQL
// per tick per server (measured by the search bench), which alone saturates a small machine. A catalog grows by
// concerts that are over; the performances still ahead stay few, and this index finds them directly.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX performances_starts_at_idx ON performances (starts_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX performances_starts_at_idx`.execute(db);
}
