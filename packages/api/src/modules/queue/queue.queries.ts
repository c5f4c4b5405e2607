import type { Database } from '@tix/db';
import { sql } from 'kysely';

export const queueSettingColumns = [
  'id',
  'queue_opens_at',
  'sale_opens_at',
  'max_active',
  'admit_per_second',
  'active_ttl_seconds',
  'paused',
  'cancelled_at',
] as const;

export function findQueueSettings(db: Database, concertId: string) {
  return db
    .selectFrom('concerts')
    .select(queueSettingColumns)
    .select((eb) =>
      eb
        .selectFrom('performances')
        .select(sql<Date>`max(starts_at)`.as('last'))
        .whereRef('performances.concert_id', '=', 'concerts.id')
        .as('last_show_at'),
    )
    .where('id', '=', concertId)
    .executeTakeFirst();
}

/**
 * Concerts whose waiting room is open, not cancelled, and which still have a performance ahead: the admission job's
 * work list (and the sale timeline's).
 */
export function listOpenQueues(db: Database, now: Date) {
  return db
    .selectFrom('concerts')
    .select(queueSettingColumns)
    .where('queue_opens_at', '<=', now)
    .where('cancelled_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('performances')
          .select(sql`1`.as('one'))
          .whereRef('performances.concert_id', '=', 'concerts.id')
          .where('performances.starts_at', '>', now),
      ),
    )
    .execute();
}

export function updateQueueSettings(
  db: Database,
  concertId: string,
  values: { max_active?: number; admit_per_second?: number; active_ttl_seconds?: number; paused?: boolean },
) {
  return db
    .updateTable('concerts')
    .set(values)
    .where('id', '=', concertId)
    .returning(queueSettingColumns)
    .executeTakeFirst();
}
