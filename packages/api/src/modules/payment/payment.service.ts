/**
 * `payment.pay`: the whole payment in one transaction. The queue token is looked up in Redis before the transaction
 * opens, so no payment holds a database connection while it waits on Redis (a stalled Redis would otherwise drain
 * the pool for calls that never touch it). Inside, the idempotency key is claimed first (a repeat returns the first
 * result, even after paying has expired the queue token), then the token's verdict is applied, the reservation
 * locked and checked (owner, status, time), the wallet debited with its ledger entry, the seats (exactly this
 * reservation's, still HELD by it) sold, the reservation marked PAID and the payment row written. The reservation
 * and wallet steps are the functions those modules export (reservation-sale.ts, wallet-transfers.ts); this file
 * owns only the payment row and the order. The queue token is expired and the seat map told only after the commit.
 */
import type { Transaction } from 'kysely';
import type { DB } from '@tix/db';
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { claimIdempotencyKey, saveIdempotentResponse } from '../../infra/idempotency.js';
import { seatsChanged } from '../concert/seat-changes.js';
import { recordEvent } from '../events/outbox.js';
import { reservationKey } from '../events/sale-events.js';
import type { QueueTokenInfo } from '../queue/queue.engine.js';
import { assertQueueConcert } from '../queue/queue.guard.js';
import { applyTurnEnd, endTurnIn } from '../queue/queue-recovery.js';
import { holdsPaid } from '../reservation/reservation.metrics.js';
import type { SeatWrite } from '../reservation/reservation.queries.js';
import {
  alreadyPaid,
  assertPayable,
  isPaidBy,
  lockOwnReservation,
  sellReservation,
} from '../reservation/reservation-sale.js';
import { toWon } from '../wallet/money.js';
import { debitForReservation } from '../wallet/wallet-transfers.js';
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
  sold: { token: string; seats: SeatWrite[] } | null;
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
    if (await isPaidBy(trx, userId, reservationId)) throw alreadyPaid();
  }
  throw err;
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
      // After the commit: paying ends the buyer's turn (recorded in the transaction, so a job ends it later if
      // Redis is away now), and the seat map shows the seats sold, with the buyer, so `concert.seats` shows them as
      // theirs (`mine`).
      await applyTurnEnd(deps, paid.sold.token);
      await seatsChanged(
        deps,
        paid.sold.seats.map((s) => ({ ...s, holder: userId })),
      );
    }
    return paid.result;
  } catch (err) {
    if (err instanceof DomainError) outcome = err.code;
    throw err;
  } finally {
    stopTimer({ outcome });
  }
}

async function payInTransaction(
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
  // The verdict, kept until the idempotency check has run: neither a refused token nor Redis being down refuses a
  // replay of a payment already made.
  const verdict = await requireQueue().then(
    (queue) => ({ queue, refusal: null }),
    (err: unknown) => ({ queue: null, refusal: err }),
  );
  return deps.db.transaction().execute(async (trx): Promise<Paid> => {
    const claim = await claimIdempotencyKey<PaymentResult>(trx, idem);
    if (claim.kind === 'replay') return { result: claim.response, sold: null };
    const queue =
      verdict.queue ?? (await explainRefusedToken(trx, userId, input.reservationId, verdict.refusal));

    const now = deps.clock.now();
    const r = await lockOwnReservation(trx, userId, input.reservationId);
    assertQueueConcert(queue, r.concert_id);
    assertPayable(r, now);

    const balance = await debitForReservation(trx, userId, r, now);
    const soldSeats = await sellReservation(trx, r.id, now);
    const payment = await insertPayment(trx, {
      userId,
      reservationId: r.id,
      amount: r.total_price,
      idempotencyKey: input.idempotencyKey,
      now,
    });
    const result: PaymentResult = {
      paymentId: payment.id,
      reservationId: r.id,
      amount: toWon(r.total_price),
      balance: toWon(balance),
      paidAt: now,
    };
    await recordEvent(trx, {
      type: 'payment.completed',
      aggregateKey: reservationKey(r.id),
      concertId: r.concert_id,
      data: {
        reservationId: r.id,
        userId,
        concertId: r.concert_id,
        performanceId: r.performance_id,
        totalPrice: result.amount,
        paymentId: payment.id,
        amount: result.amount,
        paidAt: now.toISOString(),
      },
    });
    await saveIdempotentResponse(trx, idem, result);
    await endTurnIn(trx, queue, now);
    return {
      result,
      sold: { token: queue.token, seats: soldSeats },
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
