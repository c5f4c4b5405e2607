import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { claimIdempotencyKey, saveIdempotentResponse } from '../../infra/idempotency.js';
import { toWon } from './money.js';
import type { ChargeInput } from './wallet.schema.js';
import { creditBalance, findBalance, insertLedgerEntry, listLedger } from './wallet.queries.js';

export interface ChargeResult {
  balance: number;
  entryId: string;
}

export async function getBalance(deps: Deps, userId: string): Promise<{ balance: number }> {
  const row = await findBalance(deps.db, userId);
  if (!row) throw new DomainError('UNAUTHENTICATED', 'No wallet for this session; sign in again');
  return { balance: toWon(row.balance) };
}

/** Adds money: balance and ledger entry in one transaction, replayed when the idempotency key repeats. */
export async function charge(deps: Deps, userId: string, input: ChargeInput): Promise<ChargeResult> {
  return deps.db.transaction().execute(async (trx) => {
    const idem = input.idempotencyKey
      ? { userId, key: input.idempotencyKey, operation: 'wallet.charge', request: { amount: input.amount } }
      : null;
    if (idem) {
      const claim = await claimIdempotencyKey<ChargeResult>(trx, idem);
      if (claim.kind === 'replay') return claim.response;
    }
    const account = await creditBalance(trx, userId, input.amount, deps.clock.now());
    if (!account) {
      await getBalance(deps, userId); // throws if the wallet does not exist
      throw new DomainError('BALANCE_LIMIT_EXCEEDED', 'A balance may not exceed 100,000,000 won', {
        fields: ['amount'],
      });
    }
    const entry = await insertLedgerEntry(trx, {
      userId,
      kind: 'CHARGE',
      amount: input.amount,
      balanceAfter: account.balance,
      reference: input.idempotencyKey ?? null,
    });
    const result: ChargeResult = { balance: toWon(account.balance), entryId: String(entry.id) };
    if (idem) await saveIdempotentResponse(trx, idem, result);
    return result;
  });
}

export async function history(
  deps: Deps,
  userId: string,
  page: { cursor?: string | undefined; limit: number },
) {
  const rows = await listLedger(deps.db, userId, page);
  const items = rows.slice(0, page.limit).map((row) => ({
    entryId: String(row.id),
    kind: row.kind,
    amount: toWon(row.amount),
    balanceAfter: toWon(row.balance_after),
    createdAt: row.created_at,
    reference: row.reference,
  }));
  const nextCursor = rows.length > page.limit ? (items.at(-1)?.entryId ?? null) : null;
  return { items, nextCursor };
}
