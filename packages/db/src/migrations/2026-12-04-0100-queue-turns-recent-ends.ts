import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new dated file instead.
// The wait estimate's prior (docs/domain.md, "Waiting room: the estimate"): before any turn of a sale has ended, the
// lengths of the latest turns that ended in earlier sales, read newest first (queue-turns.queries.ts,
// `listRecentTurnLengths`). Partial, so it holds only the turns that ended with a known admission.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX queue_turns_recent_ends ON queue_turns (ended_at DESC)
      WHERE ended_at IS NOT NULL AND admitted_at IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX queue_turns_recent_ends`.execute(db);
}
