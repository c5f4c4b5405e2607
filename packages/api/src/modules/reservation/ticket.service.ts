/** reservation.ticket: what the ticket page shows, with the signed code for the door (ticket-signing.ts). */
import type { Deps } from '../../deps.js';
import { withPlaces, type PlacedReservationView } from './reservation-places.js';
import { loadOwnReservation } from './reservation.view.js';
import { signTicket } from './ticket-signing.js';

export interface TicketView extends PlacedReservationView {
  /** The order number people read out: the first 8 characters of the reservation id, upper case. */
  orderNumber: string;
  holder: string;
  venue: string;
  seatLabels: string[];
  /** Until when cancelling refunds the price (the performance's start − the concert's refund cut-off). */
  refundDeadline: Date;
  /** The signed code for the QR; null unless PAID (a hold, a cancelled or refunded order gets no ticket). */
  code: string | null;
}

export async function getTicket(deps: Deps, userId: string, reservationId: string): Promise<TicketView> {
  const r = await withPlaces(
    deps,
    await loadOwnReservation(deps.db, userId, reservationId, deps.clock.now()),
  );
  const extra = await deps.db
    .selectFrom('concerts as c')
    .innerJoin('users as u', (join) => join.on('u.id', '=', userId))
    .select(['c.venue', 'c.refund_cutoff_seconds', 'u.username'])
    .where('c.id', '=', r.concertId)
    .executeTakeFirstOrThrow();
  const seatLabels = [
    ...r.seats.map((s) => `${s.grade} · seat ${s.label}`),
    ...r.standing.map((a) => `${a.name} · ${a.count} standing ${a.count === 1 ? 'place' : 'places'}`),
  ];
  const code =
    r.status === 'PAID'
      ? signTicket(deps.config.sessionSecret, {
          v: 1,
          r: r.reservationId,
          h: extra.username,
          p: r.performanceId,
          t: r.startsAt.toISOString(),
          s: r.seats.map((s) => `${s.grade}-${s.seatNo}`),
          a: r.standing.map((a) => ({ s: a.sectionId, n: a.count })),
        })
      : null;
  return {
    ...r,
    orderNumber: r.reservationId.slice(0, 8).toUpperCase(),
    holder: extra.username,
    venue: extra.venue,
    seatLabels,
    refundDeadline: new Date(r.startsAt.getTime() - extra.refund_cutoff_seconds * 1000),
    code,
  };
}
