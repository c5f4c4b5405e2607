import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new dated file instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL UNIQUE CHECK (length(username) BETWEEN 3 AND 32),
      password_hash text NOT NULL,
      role text NOT NULL DEFAULT 'BUYER' CHECK (role IN ('BUYER', 'ADMIN')),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE concerts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title text NOT NULL,
      venue text NOT NULL,
      description text NOT NULL DEFAULT '',
      queue_opens_at timestamptz NOT NULL,
      sale_opens_at timestamptz NOT NULL,
      max_active integer NOT NULL CHECK (max_active > 0),
      admit_per_second integer NOT NULL CHECK (admit_per_second > 0),
      active_ttl_seconds integer NOT NULL CHECK (active_ttl_seconds > 0),
      hold_seconds integer NOT NULL CHECK (hold_seconds > 0),
      max_seats_per_order integer NOT NULL CHECK (max_seats_per_order > 0),
      refund_cutoff_seconds integer NOT NULL CHECK (refund_cutoff_seconds >= 0),
      paused boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (queue_opens_at <= sale_opens_at)
    );
    CREATE INDEX concerts_sale_opens_at_idx ON concerts (sale_opens_at, id);

    CREATE TABLE performances (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      concert_id uuid NOT NULL REFERENCES concerts (id),
      starts_at timestamptz NOT NULL,
      seats_total integer NOT NULL CHECK (seats_total > 0)
    );
    CREATE INDEX performances_concert_idx ON performances (concert_id, starts_at);

    CREATE TABLE reservations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id),
      concert_id uuid NOT NULL REFERENCES concerts (id),
      performance_id uuid NOT NULL REFERENCES performances (id),
      status text NOT NULL CHECK (status IN ('HELD', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDED')),
      total_price bigint NOT NULL CHECK (total_price >= 0),
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      paid_at timestamptz,
      cancelled_at timestamptz
    );
    -- One unpaid hold per user per performance.
    CREATE UNIQUE INDEX reservations_one_hold_idx ON reservations (user_id, performance_id) WHERE status = 'HELD';
    CREATE INDEX reservations_user_idx ON reservations (user_id, created_at DESC, id DESC);
    CREATE INDEX reservations_held_expiry_idx ON reservations (expires_at) WHERE status = 'HELD';

    -- One row per seat: a seat has exactly one status and at most one reservation, so it cannot be sold twice.
    CREATE TABLE seats (
      performance_id uuid NOT NULL REFERENCES performances (id),
      seat_no integer NOT NULL CHECK (seat_no > 0),
      grade text NOT NULL,
      price bigint NOT NULL CHECK (price >= 0),
      status text NOT NULL DEFAULT 'AVAILABLE' CHECK (status IN ('AVAILABLE', 'HELD', 'SOLD')),
      reservation_id uuid REFERENCES reservations (id),
      hold_expires_at timestamptz,
      PRIMARY KEY (performance_id, seat_no),
      CHECK ((status = 'AVAILABLE') = (reservation_id IS NULL)),
      CHECK ((status = 'HELD') = (hold_expires_at IS NOT NULL))
    );
    CREATE INDEX seats_reservation_idx ON seats (reservation_id) WHERE reservation_id IS NOT NULL;

    CREATE TABLE reservation_seats (
      reservation_id uuid NOT NULL REFERENCES reservations (id),
      seat_no integer NOT NULL,
      price bigint NOT NULL CHECK (price >= 0),
      PRIMARY KEY (reservation_id, seat_no)
    );

    CREATE TABLE wallet_accounts (
      user_id uuid PRIMARY KEY REFERENCES users (id),
      balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0 AND balance <= 100000000),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE wallet_ledger (
      id bigserial PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES wallet_accounts (user_id),
      kind text NOT NULL CHECK (kind IN ('CHARGE', 'PAYMENT', 'REFUND')),
      amount bigint NOT NULL CHECK ((kind = 'PAYMENT') = (amount < 0) AND amount <> 0),
      balance_after bigint NOT NULL CHECK (balance_after >= 0),
      reference text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX wallet_ledger_user_idx ON wallet_ledger (user_id, id DESC);

    CREATE TABLE payments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id),
      reservation_id uuid NOT NULL UNIQUE REFERENCES reservations (id),
      amount bigint NOT NULL CHECK (amount >= 0),
      idempotency_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (user_id, idempotency_key)
    );

    -- A key is unique per user; the stored response is replayed when the same request comes again.
    CREATE TABLE idempotency_keys (
      user_id uuid NOT NULL REFERENCES users (id),
      key text NOT NULL,
      operation text NOT NULL,
      request_hash text NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, key)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE idempotency_keys, payments, wallet_ledger, wallet_accounts, reservation_seats, seats,
      reservations, performances, concerts, users;
  `.execute(db);
}
