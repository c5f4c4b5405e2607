/**
 * The relay's SQL. Every statement is safe on any number of servers at once: claims use `FOR UPDATE SKIP LOCKED`
 * and a lease, so two relays never hold one delivery, and a relay that dies mid-send only delays it until the lease
 * runs out (then another sends it again, with the same event id: at-least-once).
 *
 * Order per aggregate (a reservation, a wallet): a delivery is claimable only when no earlier delivery of the same
 * key to the same target is still PENDING and no earlier event of that key is still waiting to be fanned out. So one
 * key has at most one delivery in flight per target, and a receiver that fails holds back later events of that
 * reservation, not everyone's. A DEAD delivery steps aside (the operator may replay it).
 */
import type { Database } from '@tix/db';
import { sql } from 'kysely';

/** Fans undispatched events out into one delivery per matching webhook (and the broker); returns how many events. */
export async function dispatchEvents(db: Database, limit: number, withBroker: boolean): Promise<number> {
  const { rows } = await sql<{ seq: string }>`
    WITH ev AS (
      SELECT seq, type, aggregate_key, concert_id FROM outbox_events
      WHERE dispatched_at IS NULL ORDER BY seq LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ), fan AS (
      INSERT INTO event_deliveries (event_seq, target, webhook_id, aggregate_key)
      SELECT ev.seq, 'webhook:' || w.id, w.id, ev.aggregate_key
      FROM ev JOIN webhooks w
        ON (w.events IS NULL OR ev.type = ANY(w.events)) AND (w.concert_id IS NULL OR w.concert_id = ev.concert_id)
      UNION ALL
      SELECT ev.seq, 'broker', NULL, ev.aggregate_key FROM ev WHERE ${withBroker}
      ON CONFLICT DO NOTHING
    )
    UPDATE outbox_events SET dispatched_at = now() WHERE seq IN (SELECT seq FROM ev) RETURNING seq
  `.execute(db);
  return rows.length;
}

export interface ClaimedDelivery {
  delivery_id: string;
  target: string;
  attempts: number;
  url: string | null;
  secret: string | null;
  event_id: string;
  type: string;
  version: number;
  created_at: Date;
  data: unknown;
}

/** Leases up to `limit` due deliveries, at most one per target and key, oldest first. */
export async function claimDeliveries(
  db: Database,
  limit: number,
  leaseMs: number,
  targets: 'all' | 'webhooks',
): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<ClaimedDelivery>`
    WITH claimed AS (
      UPDATE event_deliveries d
      SET leased_until = now() + make_interval(secs => ${leaseMs / 1000}), attempts = d.attempts + 1
      WHERE d.id IN (
        SELECT c.id FROM event_deliveries c
        WHERE c.status = 'PENDING' AND c.next_attempt_at <= now()
          AND (c.leased_until IS NULL OR c.leased_until < now())
          AND (${targets === 'all'} OR c.target <> 'broker')
          AND NOT EXISTS (
            SELECT 1 FROM event_deliveries p
            WHERE p.target = c.target AND p.aggregate_key = c.aggregate_key AND p.event_seq < c.event_seq
              AND p.status = 'PENDING'
          )
          AND NOT EXISTS (
            SELECT 1 FROM outbox_events w
            WHERE w.dispatched_at IS NULL AND w.aggregate_key = c.aggregate_key AND w.seq < c.event_seq
          )
        ORDER BY c.event_seq LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      AND d.status = 'PENDING' AND (d.leased_until IS NULL OR d.leased_until < now())
      RETURNING d.id, d.target, d.webhook_id, d.event_seq, d.attempts
    )
    SELECT claimed.id::text AS delivery_id, claimed.target, claimed.attempts, w.url, w.secret,
      e.id AS event_id, e.type, e.version, e.created_at, e.data
    FROM claimed
    JOIN outbox_events e ON e.seq = claimed.event_seq
    LEFT JOIN webhooks w ON w.id = claimed.webhook_id
    ORDER BY claimed.event_seq
  `.execute(db);
  return rows;
}

export async function markDelivered(db: Database, deliveryId: string, status: number | null): Promise<void> {
  await sql`
    UPDATE event_deliveries
    SET status = 'DELIVERED', delivered_at = now(), leased_until = NULL, last_status = ${status},
      last_error = NULL
    WHERE id = ${deliveryId}::bigint
  `.execute(db);
}

/** A failed attempt: tried again after `retryInMs`, or DEAD once `attempts` has reached `maxAttempts`. */
export async function markFailed(
  db: Database,
  deliveryId: string,
  failure: { status: number | null; error: string; retryInMs: number; maxAttempts: number },
): Promise<'retry' | 'dead'> {
  const { rows } = await sql<{ status: string }>`
    UPDATE event_deliveries
    SET status = CASE WHEN attempts >= ${failure.maxAttempts} THEN 'DEAD' ELSE 'PENDING' END,
      next_attempt_at = now() + make_interval(secs => ${failure.retryInMs / 1000}),
      leased_until = NULL, last_status = ${failure.status}, last_error = ${failure.error.slice(0, 500)}
    WHERE id = ${deliveryId}::bigint
    RETURNING status
  `.execute(db);
  return rows[0]?.status === 'DEAD' ? 'dead' : 'retry';
}

export interface OutboxBacklog {
  pending: number;
  failed: number;
  lagSeconds: number;
}

/** Pending (events not fanned out plus deliveries not done), DEAD deliveries, and the oldest pending one's age. */
export async function readBacklog(db: Database): Promise<OutboxBacklog> {
  const { rows } = await sql<{ pending: string; failed: string; oldest: Date | null; now: Date }>`
    SELECT
      (SELECT count(*) FROM outbox_events WHERE dispatched_at IS NULL)
        + (SELECT count(*) FROM event_deliveries WHERE status = 'PENDING') AS pending,
      (SELECT count(*) FROM event_deliveries WHERE status = 'DEAD') AS failed,
      LEAST(
        (SELECT min(created_at) FROM outbox_events WHERE dispatched_at IS NULL),
        (SELECT min(e.created_at) FROM event_deliveries d JOIN outbox_events e ON e.seq = d.event_seq
          WHERE d.status = 'PENDING')
      ) AS oldest,
      now() AS now
  `.execute(db);
  const row = rows[0]!;
  return {
    pending: Number(row.pending),
    failed: Number(row.failed),
    lagSeconds: row.oldest ? Math.max(0, (row.now.getTime() - row.oldest.getTime()) / 1000) : 0,
  };
}
