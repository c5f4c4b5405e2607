/**
 * The outbox writer: use cases call these inside their own transaction, so an event commits exactly with the change
 * it records and rolls back with it (docs/domain.md, "Sale events"). Nothing here sends anything; the relay
 * (event-relay.ts) does, after the commit.
 */
import type { DB } from '@tix/db';
import { sql, type Transaction } from 'kysely';
import { eventVersion, type SaleEvent } from './sale-events.js';

export async function recordEvents(trx: Transaction<DB>, events: SaleEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('outbox_events')
    .values(
      events.map((e) => ({
        type: e.type,
        version: eventVersion,
        aggregate_key: e.aggregateKey,
        concert_id: e.concertId,
        data: JSON.stringify(e.data),
      })),
    )
    .execute();
}

export function recordEvent(trx: Transaction<DB>, event: SaleEvent): Promise<void> {
  return recordEvents(trx, [event]);
}

/**
 * An event per reservation, its data read from the reservation rows in the same statement: for the sweeper and the
 * owner's stale holds, which know only ids. Call it after the change, in its transaction.
 */
export async function recordReservationEvents(
  trx: Transaction<DB>,
  type: 'reservation.expired' | 'reservation.cancelled',
  reservationIds: string[],
): Promise<void> {
  if (reservationIds.length === 0) return;
  await sql`
    INSERT INTO outbox_events (type, version, aggregate_key, concert_id, data)
    SELECT ${type}, ${eventVersion}, 'reservation:' || r.id, r.concert_id,
      jsonb_build_object('reservationId', r.id, 'userId', r.user_id, 'concertId', r.concert_id,
        'performanceId', r.performance_id, 'totalPrice', r.total_price)
    FROM reservations r
    WHERE r.id = ANY(${reservationIds}::uuid[])
    ORDER BY r.id
  `.execute(trx);
}
