/**
 * The one writer of money. A balance changes only here, and each change writes its ledger row in the same
 * statement, so no committed state has one without the other and every balance equals the sum of its ledger.
 * The WHERE keeps the balance within 0..MAX_BALANCE: a change that would leave that range moves nothing and is
 * reported as refused, never as a constraint error. The updated row stays locked until the caller's commit.
 */
import type { Database, LedgerKind } from '@tix/db';
import { sql } from 'kysely';
import { MAX_BALANCE } from './money.js';
import { findBalance } from './wallet.queries.js';

export interface BalanceChange {
  kind: LedgerKind;
  /** Signed won: positive for CHARGE and REFUND, negative for PAYMENT. */
  amount: bigint;
  reference: string | null;
  now: Date;
}

/** Applies one change to each wallet; returns a row per wallet moved (the refused ones are missing). */
export function moveBalances(db: Database, userIds: string[], change: BalanceChange) {
  return db
    .with('moved', (q) =>
      q
        .updateTable('wallet_accounts')
        .set({ balance: sql`balance + ${change.amount}`, updated_at: change.now })
        .where('user_id', 'in', userIds)
        .where(sql<boolean>`balance + ${change.amount} BETWEEN 0 AND ${MAX_BALANCE}`)
        .returning(['user_id', 'balance']),
    )
    .insertInto('wallet_ledger')
    .columns(['user_id', 'kind', 'amount', 'balance_after', 'reference'])
    .expression((eb) =>
      eb
        .selectFrom('moved')
        .select([
          'moved.user_id',
          sql<LedgerKind>`${change.kind}::text`.as('kind'),
          sql<bigint>`${change.amount}::bigint`.as('amount'),
          'moved.balance',
          sql<string | null>`${change.reference}::text`.as('reference'),
        ]),
    )
    .returning(['id', 'user_id', 'balance_after'])
    .execute();
}

/**
 * One wallet's change: the new balance and its ledger entry, or null when refused (the limit, a balance that does
 * not cover a debit, or no wallet). A zero amount moves nothing and writes no entry: the ledger never records zero.
 */
export async function moveBalance(
  db: Database,
  userId: string,
  change: BalanceChange,
): Promise<{ balance: bigint; entryId: string | null } | null> {
  if (change.amount === 0n) {
    const row = await findBalance(db, userId);
    return row ? { balance: row.balance, entryId: null } : null;
  }
  const [entry] = await moveBalances(db, [userId], change);
  return entry ? { balance: entry.balance_after, entryId: entry.id } : null;
}

/** Money for wallets outside the charge procedure (demo data, tests, the bench): a CHARGE entry each, or a throw. */
export async function fundWallets(
  db: Database,
  userIds: string[],
  amount: number,
  reference: string,
  now: Date,
): Promise<void> {
  if (userIds.length === 0 || amount === 0) return;
  const moved = await moveBalances(db, userIds, { kind: 'CHARGE', amount: BigInt(amount), reference, now });
  if (moved.length !== new Set(userIds).size) {
    throw new Error(`fundWallets: ${userIds.length - moved.length} wallets missing or over the limit`);
  }
}
