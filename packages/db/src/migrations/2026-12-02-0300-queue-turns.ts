import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new dated file instead.
// The waiting room lives in Redis (or in process memory), which can lose everything at once. This table is what it
// must not forget: who was admitted (so a returning buyer's turn is restored, not replayed from the back) and whose
// turn has ended (a payment or a leave, written in the same transaction, so the end survives Redis being away and
// is applied to the room later by a job: `end_applied_at` stays null until then). See docs/domain.md, "Recovery".
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE queue_turns (
      token text PRIMARY KEY,
      concert_id uuid NOT NULL REFERENCES concerts (id),
      user_id uuid NOT NULL,
      admitted_at timestamptz,
      ended_at timestamptz,
      end_applied_at timestamptz,
      CHECK (end_applied_at IS NULL OR ended_at IS NOT NULL)
    );
    CREATE INDEX queue_turns_ends_to_apply ON queue_turns (ended_at) WHERE end_applied_at IS NULL AND ended_at IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE queue_turns`.execute(db);
}
