/**
 * The sale events and the data each carries (docs/domain.md, "Sale events"). A type's `version` goes up only when
 * its data changes incompatibly; fields may be added within a version. Money is whole won as a JSON number.
 */
export const saleEventTypes = [
  'reservation.held',
  'reservation.expired',
  'reservation.cancelled',
  'payment.completed',
  'payment.refunded',
  'wallet.charged',
  'queue.admitted',
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
