/**
 * The sale events and the data each carries (docs/domain.md, "Sale events"). A type's `version` goes up only when
 * its data changes incompatibly; fields may be added within a version. Money is whole won as a JSON number.
 */
import { toWon } from '../wallet/money.js';

export const saleEventTypes = [
  'reservation.held',
  'reservation.expired',
  'reservation.cancelled',
  'payment.completed',
  'payment.refunded',
  'wallet.charged',
  'queue.admitted',
  'concert.cancelled',
] as const;
export type SaleEventType = (typeof saleEventTypes)[number];

/** What every reservation event says about its reservation. */
export interface ReservationRef {
  reservationId: string;
  userId: string;
  concertId: string;
  performanceId: string;
  totalPrice: number;
}

export interface SaleEventData {
  'reservation.held': ReservationRef & {
    /** As `reservation.hold` answers them (docs/api.md, "Venues"): seats with labels, standing places by area. */
    seats: { seatNo: number; label: string; grade: string; price: number }[];
    standing: { sectionId: string; name: string; count: number; price: number }[];
    expiresAt: string;
  };
  'reservation.expired': ReservationRef;
  'reservation.cancelled': ReservationRef;
  'payment.completed': ReservationRef & { paymentId: string; amount: number; paidAt: string };
  'payment.refunded': ReservationRef & { amount: number; refundedAt: string };
  'wallet.charged': { userId: string; amount: number; balance: number; entryId: string };
  /** One event per admission step that let someone in: how many, and the room's numbers after it. */
  'queue.admitted': { concertId: string; admitted: number; waiting: number; active: number };
  /** The operator cancelled the concert; its holds and refunds have their own events, in the same transaction. */
  'concert.cancelled': {
    concertId: string;
    cancelledAt: string;
    releasedHolds: number;
    refundedReservations: number;
    refundedAmount: number;
  };
}

export type SaleEvent = {
  [T in SaleEventType]: {
    type: T;
    /** Events with one key are delivered in the order they were written: `reservation:<id>`, `wallet:<userId>`. */
    aggregateKey: string;
    concertId: string | null;
    data: SaleEventData[T];
  };
}[SaleEventType];

export const eventVersion = 1;

export const reservationKey = (reservationId: string) => `reservation:${reservationId}`;

/** `payment.refunded` for a reservation whose price went back to its buyer's wallet (a buyer's or a concert's cancel). */
export function paymentRefunded(
  r: { id: string; user_id: string; concert_id: string; performance_id: string; total_price: bigint },
  now: Date,
): SaleEvent {
  const amount = toWon(r.total_price);
  return {
    type: 'payment.refunded',
    aggregateKey: reservationKey(r.id),
    concertId: r.concert_id,
    data: {
      reservationId: r.id,
      userId: r.user_id,
      concertId: r.concert_id,
      performanceId: r.performance_id,
      totalPrice: amount,
      amount,
      refundedAt: now.toISOString(),
    },
  };
}
