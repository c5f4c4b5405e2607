import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { claimIdempotencyKey, saveIdempotentResponse } from '../../infra/idempotency.js';
import { recordEvent } from '../events/outbox.js';
import { moveBalance } from './ledger.js';
import { toWon } from './money.js';
import type { ChargeInput } from './wallet.schema.js';
import { findBalance, listLedger } from './wallet.queries.js';

export interface ChargeResult {
  balance: number;
  entryId: string;
}

const noWallet = () => new DomainError('UNAUTHENTICATED', 'No wallet for this session; sign in again');

export async function getBalance(deps: Deps, userId: string): Promise<{ balance: number }> {
  const row = await findBalance(deps.db, userId);
  if (!row) throw noWallet();
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
    const moved = await moveBalance(trx, userId, {
      kind: 'CHARGE',
      amount: BigInt(input.amount),
      reference: input.idempotencyKey ?? null,
      now: deps.clock.now(),
    });
    if (!moved) {
      // Read on this transaction: a second pool connection here could wait forever on a pool this charge holds.
      if (!(await findBalance(trx, userId))) throw noWallet();
      throw new DomainError('BALANCE_LIMIT_EXCEEDED', 'A balance may not exceed 100,000,000 won', {
        fields: ['amount'],
      });
    }
    // A charge is at least MIN_CHARGE, so it always writes its entry.
    const result: ChargeResult = { balance: toWon(moved.balance), entryId: String(moved.entryId) };
    await recordEvent(trx, {
      type: 'wallet.charged',
      aggregateKey: `wallet:${userId}`,
      concertId: null,
      data: { userId, amount: input.amount, balance: result.balance, entryId: result.entryId },
    });
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
