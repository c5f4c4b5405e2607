/**
 * `payment.pay`: the whole payment in one transaction. The idempotency key is claimed first (a repeat returns the
 * first result, even after paying has expired the queue token), then the queue token is checked, the reservation
 * locked and checked (owner, status, time), the wallet debited by a conditional UPDATE, the ledger entry, payment
 * row, seats (exactly this reservation's, still HELD by it) and reservation written. The queue token is expired and
 * the seat map told only after the commit.
 */
import type { Transaction } from 'kysely';
import type { DB } from '@tix/db';
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { claimIdempotencyKey, saveIdempotentResponse } from '../../infra/idempotency.js';
import { publishSeatChanges } from '../concert/seat-events.js';
import type { QueueTokenInfo } from '../queue/queue.engine.js';
import { assertQueueConcert } from '../queue/queue.guard.js';
import { holdsPaid } from '../reservation/reservation.metrics.js';
import {
  countReservationSeats,
  findReservation,
  lockAndMoveSeats,
  lockReservation,
  updateReservationStatus,
} from '../reservation/reservation.queries.js';
import { toWon } from '../wallet/money.js';
import { debitBalance, findBalance, insertLedgerEntry } from '../wallet/wallet.queries.js';
import { paymentDuration } from './payment.metrics.js';
import { findPayment, insertPayment } from './payment.queries.js';
import type { PayInput } from './payment.schema.js';

export interface PaymentResult {
  paymentId: string;
  reservationId: string;
  amount: number;
  balance: number;
  paidAt: Date;
}

type Paid = {
  result: PaymentResult;
  sold: { token: string; performanceId: string; seatNos: number[] } | null;
};

/**
 * A refused token on a reservation the caller has already paid says ALREADY_PAID: that is the more useful truth
 * for a client that double-submitted with a fresh key after the first payment expired its token.
 */
async function explainRefusedToken(
  trx: Transaction<DB>,
  userId: string,
  reservationId: string,
  err: unknown,
): Promise<never> {
  if (
    err instanceof DomainError &&
    (err.code === 'QUEUE_TOKEN_EXPIRED' || err.code === 'QUEUE_TOKEN_INVALID')
  ) {
    const r = await findReservation(trx, reservationId);
    if (r?.user_id === userId && r.status === 'PAID') throw alreadyPaid();
  }
  throw err;
}

const alreadyPaid = () => new DomainError('ALREADY_PAID', 'This reservation is paid already');

function assertPayable(r: { status: string; expires_at: Date }, now: Date): void {
  if (r.status === 'PAID') throw alreadyPaid();
  if (r.status === 'EXPIRED' || (r.status === 'HELD' && r.expires_at <= now)) {
    throw new DomainError('RESERVATION_EXPIRED', 'The hold ran out before payment; hold the seats again');
  }
  if (r.status !== 'HELD') {
    throw new DomainError(
      'RESERVATION_NOT_PAYABLE',
      `A ${r.status.toLowerCase()} reservation cannot be paid`,
      {
        status: r.status,
      },
    );
  }
}

async function debit(trx: Transaction<DB>, userId: string, amount: bigint, now: Date, reservationId: string) {
  if (amount === 0n) {
    // Free seats: nothing to debit, and the ledger never records a zero amount.
    return (await findBalance(trx, userId))?.balance ?? 0n;
  }
  const account = await debitBalance(trx, userId, amount, now);
  if (!account) {
    const balance = (await findBalance(trx, userId))?.balance ?? 0n;
    throw new DomainError(
      'INSUFFICIENT_BALANCE',
      'Your balance does not cover this reservation; charge first',
      {
        required: toWon(amount),
        balance: toWon(balance),
      },
    );
  }
  await insertLedgerEntry(trx, {
    userId,
    kind: 'PAYMENT',
    amount: -amount,
    balanceAfter: account.balance,
    reference: reservationId,
  });
  return account.balance;
}

export async function pay(
  deps: Deps,
  userId: string,
  input: PayInput,
  requireQueue: () => Promise<QueueTokenInfo>,
): Promise<PaymentResult> {
  const stopTimer = paymentDuration.startTimer();
  let outcome = 'error';
  try {
    const paid = await payInTransaction(deps, userId, input, requireQueue);
    outcome = paid.sold ? 'paid' : 'replay';
    if (paid.sold) {
      holdsPaid.inc();
      // After the commit: paying ends the buyer's turn, and the seat map shows the seats sold.
      await deps.queue.expire(paid.sold.token, deps.clock.now()).catch(() => {});
      await publishSeatChanges(deps, paid.sold.performanceId, paid.sold.seatNos, 'SOLD');
    }
    return paid.result;
  } catch (err) {
    if (err instanceof DomainError) outcome = err.code;
    throw err;
  } finally {
    stopTimer({ outcome });
  }
}

function payInTransaction(
  deps: Deps,
  userId: string,
  input: PayInput,
  requireQueue: () => Promise<QueueTokenInfo>,
): Promise<Paid> {
  const idem = {
    userId,
    key: input.idempotencyKey,
    operation: 'payment.pay',
    request: { reservationId: input.reservationId },
  };
  return deps.db.transaction().execute(async (trx): Promise<Paid> => {
    const claim = await claimIdempotencyKey<PaymentResult>(trx, idem);
    if (claim.kind === 'replay') return { result: claim.response, sold: null };
    const queue = await requireQueue().catch((err: unknown) =>
      explainRefusedToken(trx, userId, input.reservationId, err),
    );

    const now = deps.clock.now();
    const r = await lockReservation(trx, input.reservationId);
    if (!r) throw new DomainError('RESERVATION_NOT_FOUND', 'No such reservation');
    if (r.user_id !== userId) throw new DomainError('FORBIDDEN', 'This reservation belongs to someone else');
    assertQueueConcert(queue, r.concert_id);
    assertPayable(r, now);

    const balance = await debit(trx, userId, r.total_price, now, r.id);
    const sold = await lockAndMoveSeats(trx, [r.id], 'HELD', 'SOLD');
    // Every seat of the reservation must still be held by it; if another server's clock let a buyer take one over,
    // refuse (the transaction rolls back, debit included) rather than sell a partial order.
    if (sold.length !== (await countReservationSeats(trx, r.id))) {
      throw new DomainError('RESERVATION_EXPIRED', 'The hold ran out before payment; hold the seats again');
    }
    const payment = await insertPayment(trx, {
      userId,
      reservationId: r.id,
      amount: r.total_price,
      idempotencyKey: input.idempotencyKey,
      now,
    });
    await updateReservationStatus(trx, r.id, 'HELD', { status: 'PAID', paid_at: now });
    const result: PaymentResult = {
      paymentId: payment.id,
      reservationId: r.id,
      amount: toWon(r.total_price),
      balance: toWon(balance),
      paidAt: now,
    };
    await saveIdempotentResponse(trx, idem, result);
    return {
      result,
      sold: { token: queue.token, performanceId: r.performance_id, seatNos: sold.map((s) => s.seat_no) },
    };
  });
}

export async function getPayment(deps: Deps, userId: string, paymentId: string) {
  const p = await findPayment(deps.db, paymentId);
  if (!p) throw new DomainError('PAYMENT_NOT_FOUND', 'No such payment');
  if (p.user_id !== userId) throw new DomainError('FORBIDDEN', 'This payment belongs to someone else');
  return {
    paymentId: p.id,
    reservationId: p.reservation_id,
    amount: toWon(p.amount),
    paidAt: p.created_at,
    /** PAID, or REFUNDED once the reservation was cancelled for a refund. */
    reservationStatus: p.status,
  };
}
