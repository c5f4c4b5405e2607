/**
 * A reservation's places as the client sees them (docs/api.md, "Venues"): seats with their labels, and standing
 * places grouped by area with a count. Inside, both are rows of `seats`; the venue says which is which.
 */
import type { Deps } from '../../deps.js';
import { locateSeat } from '../venue/seat-index.js';
import { performanceVenue } from '../venue/venue.service.js';
import { areaOfPlace } from '../venue/availability.service.js';
import type { HeldSeat, HeldStanding } from '../venue/venue.types.js';
import type { ReservationView } from './reservation.view.js';

export type PlacedReservationView = Omit<ReservationView, 'seats'> & {
  seats: HeldSeat[];
  standing: HeldStanding[];
};

type Venue = Awaited<ReturnType<typeof performanceVenue>>;

/** Seats with their labels and standing places grouped by area, from a reservation's rows of `seats`. */
export function placesOf(
  venue: Venue,
  rows: ReservationView['seats'],
): { seats: HeldSeat[]; standing: HeldStanding[] } {
  const seats: HeldSeat[] = [];
  const standing = new Map<string, HeldStanding>();
  for (const s of rows) {
    const area = venue ? areaOfPlace(venue, s.seatNo) : null;
    if (!area) {
      const label = venue
        ? (locateSeat(venue.answer, s.seatNo)?.label ?? String(s.seatNo))
        : String(s.seatNo);
      seats.push({ ...s, label });
      continue;
    }
    const group = standing.get(area.sectionId);
    if (group) group.count += 1;
    else
      standing.set(area.sectionId, { sectionId: area.sectionId, name: area.name, count: 1, price: s.price });
  }
  return { seats, standing: [...standing.values()] };
}

export async function withPlaces(deps: Deps, view: ReservationView): Promise<PlacedReservationView> {
  const venue = await performanceVenue(deps, view.performanceId);
  return { ...view, ...placesOf(venue, view.seats) };
}

export async function withPlacesAll(
  deps: Deps,
  page: { items: ReservationView[]; nextCursor: string | null },
): Promise<{ items: PlacedReservationView[]; nextCursor: string | null }> {
  return {
    items: await Promise.all(page.items.map((v) => withPlaces(deps, v))),
    nextCursor: page.nextCursor,
  };
}
