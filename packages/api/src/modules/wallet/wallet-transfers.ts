/**
 * What other modules' use cases do to a wallet inside their own transaction: a payment takes money, a refund gives
 * it back. Each goes through the ledger writer and says in the wallet's words why it was refused.
 */
import type { Database } from '@tix/db';
import { DomainError } from '../../errors.js';
import { moveBalance } from './ledger.js';
import { toWon } from './money.js';
import { findBalance } from './wallet.queries.js';

/** Debits a reservation's price (free seats debit nothing); INSUFFICIENT_BALANCE when the balance falls short. */
export async function debitForReservation(
  trx: Database,
  userId: string,
  reservation: { id: string; total_price: bigint },
  now: Date,
): Promise<bigint> {
  const moved = await moveBalance(trx, userId, {
    kind: 'PAYMENT',
    amount: -reservation.total_price,
    reference: reservation.id,
    now,
  });
  if (moved) return moved.balance;
  const balance = (await findBalance(trx, userId))?.balance ?? 0n;
  throw new DomainError(
    'INSUFFICIENT_BALANCE',
    'Your balance does not cover this reservation; charge first',
    {
      required: toWon(reservation.total_price),
      balance: toWon(balance),
    },
  );
}

/** Gives a reservation's price back; BALANCE_LIMIT_EXCEEDED when that would pass the cap (nothing changes). */
export async function refundReservation(
  trx: Database,
  userId: string,
  reservation: { id: string; total_price: bigint },
  now: Date,
): Promise<void> {
  const moved = await moveBalance(trx, userId, {
    kind: 'REFUND',
    amount: reservation.total_price,
    reference: reservation.id,
    now,
  });
  if (!moved) {
    throw new DomainError(
      'BALANCE_LIMIT_EXCEEDED',
      'The refund would take your balance over 100,000,000 won; spend some first',
    );
  }
}
