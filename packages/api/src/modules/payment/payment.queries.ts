import type { Database, DB } from '@tix/db';
import type { Transaction } from 'kysely';

export function insertPayment(
  trx: Transaction<DB>,
  values: { userId: string; reservationId: string; amount: bigint; idempotencyKey: string; now: Date },
) {
  return trx
    .insertInto('payments')
    .values({
      user_id: values.userId,
      reservation_id: values.reservationId,
      amount: values.amount,
      idempotency_key: values.idempotencyKey,
      created_at: values.now,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

export function findPayment(db: Database, paymentId: string) {
  return db
    .selectFrom('payments as p')
    .innerJoin('reservations as r', 'r.id', 'p.reservation_id')
    .select(['p.id', 'p.user_id', 'p.reservation_id', 'p.amount', 'p.created_at', 'r.status'])
    .where('p.id', '=', paymentId)
    .executeTakeFirst();
}
