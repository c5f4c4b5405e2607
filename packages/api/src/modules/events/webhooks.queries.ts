import type { Database } from '@tix/db';
import { sql } from 'kysely';

const webhookColumns = ['id', 'url', 'events', 'concert_id', 'created_at'] as const;

export function insertWebhook(
  db: Database,
  row: { url: string; secret: string; events: string[] | null; concertId: string | null },
) {
  return db
    .insertInto('webhooks')
    .values({ url: row.url, secret: row.secret, events: row.events, concert_id: row.concertId })
    .returning(webhookColumns)
    .executeTakeFirstOrThrow();
}

/** Every endpoint with its delivery counts by status. */
export async function listWebhooksWithCounts(db: Database) {
  const { rows } = await sql<{
    id: string;
    url: string;
    events: string[] | null;
    concert_id: string | null;
    created_at: Date;
    pending: string;
    delivered: string;
    dead: string;
  }>`
    SELECT w.id, w.url, w.events, w.concert_id, w.created_at,
      count(*) FILTER (WHERE d.status = 'PENDING') AS pending,
      count(*) FILTER (WHERE d.status = 'DELIVERED') AS delivered,
      count(*) FILTER (WHERE d.status = 'DEAD') AS dead
    FROM webhooks w LEFT JOIN event_deliveries d ON d.webhook_id = w.id
    GROUP BY w.id ORDER BY w.created_at, w.id
  `.execute(db);
  return rows;
}

export function deleteWebhookRow(db: Database, webhookId: string) {
  return db.deleteFrom('webhooks').where('id', '=', webhookId).returning('id').executeTakeFirst();
}

const deliveryColumns = sql`
  d.id::text AS delivery_id, d.target, d.webhook_id, d.status, d.attempts, d.next_attempt_at, d.last_status,
  d.last_error, d.delivered_at, d.created_at, e.id AS event_id, e.type AS event_type, e.aggregate_key`;

export interface DeliveryRow {
  delivery_id: string;
  target: string;
  webhook_id: string | null;
  status: 'PENDING' | 'DELIVERED' | 'DEAD';
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
  event_id: string;
  event_type: string;
  aggregate_key: string;
}

export async function listDeliveries(
  db: Database,
  filter: { webhookId?: string | undefined; status?: string | undefined; limit: number },
) {
  const { rows } = await sql<DeliveryRow>`
    SELECT ${deliveryColumns}
    FROM event_deliveries d JOIN outbox_events e ON e.seq = d.event_seq
    WHERE (${filter.webhookId ?? null}::uuid IS NULL OR d.webhook_id = ${filter.webhookId ?? null}::uuid)
      AND (${filter.status ?? null}::text IS NULL OR d.status = ${filter.status ?? null}::text)
    ORDER BY d.id DESC LIMIT ${filter.limit}
  `.execute(db);
  return rows;
}

/** Puts a delivery back to PENDING, due now, with a fresh attempt count; null when there is no such delivery. */
export async function requeueDelivery(db: Database, deliveryId: string) {
  const { rows } = await sql<DeliveryRow>`
    WITH d AS (
      UPDATE event_deliveries
      SET status = 'PENDING', attempts = 0, next_attempt_at = now(), leased_until = NULL, delivered_at = NULL
      WHERE id = ${deliveryId}::bigint
      RETURNING *
    )
    SELECT ${deliveryColumns} FROM d JOIN outbox_events e ON e.seq = d.event_seq
  `.execute(db);
  return rows[0] ?? null;
}
