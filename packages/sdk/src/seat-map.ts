/** Reading a performance's whole seat map in one call: its layout and its availability, decoded. */
import { decodeAvailability, seatViews, type DecodedAvailability, type SeatView } from './availability.js';
import type { RouterOutputs, TixClient } from './types.js';

export interface SeatMap {
  layout: RouterOutputs['concert']['layout'];
  availability: DecodedAvailability;
  seats: SeatView[];
}

/**
 * The layout (public, cacheable) and the live availability (needs an ACTIVE waiting-room token), fetched together.
 *
 * @example
 * const { layout, availability, seats } = await loadSeatMap(tix, performanceId);
 */
export async function loadSeatMap(client: TixClient, performanceId: string): Promise<SeatMap> {
  const [layout, seats] = await Promise.all([
    client.concert.layout.query({ performanceId }),
    client.concert.seats.query({ performanceId }),
  ]);
  const availability = decodeAvailability(seats);
  return { layout, availability, seats: seatViews(layout, availability) };
}
