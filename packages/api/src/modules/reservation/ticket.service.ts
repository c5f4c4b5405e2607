/** reservation.ticket: what the ticket page shows, with the signed code for the door (ticket-signing.ts). */
import type { Deps } from '../../deps.js';
import { withPlaces, type PlacedReservationView } from './reservation-places.js';
import { loadOwnReservation } from './reservation.view.js';
import { signTicket } from './ticket-signing.js';

export interface TicketView extends PlacedReservationView {
  /** The order number people read out: the first 8 characters of the reservation id, upper case. */
  orderNumber: string;
  holder: string;
  seatLabels: string[];
  /** The signed code for the QR; null unless PAID (a hold, a cancelled or refunded order gets no ticket). */
  code: string | null;
}

export async function getTicket(deps: Deps, userId: string, reservationId: string): Promise<TicketView> {
  const r = await withPlaces(
    deps,
    await loadOwnReservation(deps.db, userId, reservationId, deps.clock.now()),
  );
  const holder = await deps.db
    .selectFrom('users')
    .select('username')
    .where('id', '=', userId)
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
          h: holder.username,
          p: r.performanceId,
          t: r.startsAt.toISOString(),
          s: r.seats.map((s) => `${s.grade}-${s.seatNo}`),
          a: r.standing.map((a) => ({ s: a.sectionId, n: a.count })),
        })
      : null;
  return {
    ...r,
    orderNumber: r.reservationId.slice(0, 8).toUpperCase(),
    holder: holder.username,
    seatLabels,
    code,
  };
}
