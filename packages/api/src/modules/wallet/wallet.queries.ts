import type { Database, DB, LedgerKind } from '@tix/db';
import { sql, type Transaction } from 'kysely';
import { MAX_BALANCE } from './money.js';

/** Adds to a balance unless that would pass the limit; the row lock serialises concurrent changes. */
export function creditBalance(trx: Transaction<DB>, userId: string, amount: number, now: Date) {
  return trx
    .updateTable('wallet_accounts')
    .set({ balance: sql`balance + ${amount}`, updated_at: now })
    .where('user_id', '=', userId)
    .where(sql<boolean>`balance + ${amount} <= ${MAX_BALANCE}`)
    .returning('balance')
    .executeTakeFirst();
}

/** Takes from a balance only if it covers the amount: the WHERE decides, never a value read earlier. */
export function debitBalance(trx: Transaction<DB>, userId: string, amount: bigint | number, now: Date) {
  return trx
    .updateTable('wallet_accounts')
    .set({ balance: sql`balance - ${amount}`, updated_at: now })
    .where('user_id', '=', userId)
    .where(sql<boolean>`balance >= ${amount}`)
    .returning('balance')
    .executeTakeFirst();
}

export function insertLedgerEntry(
  trx: Transaction<DB>,
  entry: {
    userId: string;
    kind: LedgerKind;
    amount: bigint | number;
    balanceAfter: bigint;
    reference: string | null;
  },
) {
  return trx
    .insertInto('wallet_ledger')
    .values({
      user_id: entry.userId,
      kind: entry.kind,
      amount: entry.amount,
      balance_after: entry.balanceAfter,
      reference: entry.reference,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

export function findBalance(db: Database, userId: string) {
  return db.selectFrom('wallet_accounts').select('balance').where('user_id', '=', userId).executeTakeFirst();
}

export function listLedger(
  db: Database,
  userId: string,
  page: { cursor?: string | undefined; limit: number },
) {
  let query = db
    .selectFrom('wallet_ledger')
    .select(['id', 'kind', 'amount', 'balance_after', 'reference', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.cursor) query = query.where('id', '<', page.cursor);
  return query.execute();
}
