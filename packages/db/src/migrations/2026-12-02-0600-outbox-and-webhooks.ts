import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new dated file instead.
// The transactional outbox (docs/domain.md, "Sale events"): a use case writes its event in the same transaction as
// the change, so an event exists exactly for what committed. The relay (every server) fans each event out into one
// delivery per target (a webhook endpoint, or the broker) and sends those; `seq` gives the order per aggregate.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE outbox_events (
      seq bigserial PRIMARY KEY,
      id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
      type text NOT NULL,
      version int NOT NULL DEFAULT 1,
      aggregate_key text NOT NULL,
      concert_id uuid,
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      dispatched_at timestamptz
    );
    CREATE INDEX outbox_events_undispatched_idx ON outbox_events (seq) WHERE dispatched_at IS NULL;

    CREATE TABLE webhooks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      url text NOT NULL,
      secret text NOT NULL,
      events text[],
      concert_id uuid REFERENCES concerts (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE event_deliveries (
      id bigserial PRIMARY KEY,
      event_seq bigint NOT NULL REFERENCES outbox_events (seq) ON DELETE CASCADE,
      target text NOT NULL,
      webhook_id uuid REFERENCES webhooks (id) ON DELETE CASCADE,
      aggregate_key text NOT NULL,
      status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      leased_until timestamptz,
      last_status int,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (event_seq, target)
    );
    CREATE INDEX event_deliveries_due_idx ON event_deliveries (next_attempt_at) WHERE status = 'PENDING';
    CREATE INDEX event_deliveries_order_idx ON event_deliveries (target, aggregate_key, event_seq)
      WHERE status = 'PENDING';
    CREATE INDEX event_deliveries_webhook_idx ON event_deliveries (webhook_id, id);
    CREATE INDEX event_deliveries_dead_idx ON event_deliveries (id) WHERE status = 'DEAD';
    CREATE INDEX outbox_events_waiting_key_idx ON outbox_events (aggregate_key, seq) WHERE dispatched_at IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE event_deliveries;
    DROP TABLE webhooks;
    DROP TABLE outbox_events;
  `.execute(db);
}
