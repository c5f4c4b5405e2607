/**
 * `concert.seats` and `concert.seatEvents` in the venue contract (docs/api.md, "Venues"): a bitmap of available
 * seats, free counts of standing areas and the caller's own places, at the snapshot's change count (`version`);
 * then the changes the snapshot announces, each with the count after it.
 */
import type { Deps } from '../../deps.js';
import type { VersionedAnnouncement } from '../../infra/versioned-hash.js';
import { decodeSeatState, readSeatMap } from '../concert/seat-availability.js';
import { isSeatFree } from '../reservation/hold-rules.js';
import { bitmapToBase64, emptyBitmap, setBit } from './seat-bitmap.js';
import { requireVenue, type PerformanceVenue, type StoredStandingArea } from './venue.service.js';
import type { SeatAvailability, SeatAvailabilityEvent } from './venue.types.js';

/** The standing area a place row belongs to, or null for a seat. */
export function areaOfPlace(venue: PerformanceVenue, placeNo: number): StoredStandingArea | null {
  if (placeNo <= venue.seatsTotal) return null;
  return (
    venue.standing.find((a) => placeNo >= a.firstPlaceNo && placeNo < a.firstPlaceNo + a.capacity) ?? null
  );
}

/** The answer of `concert.seats` for `userId`, from one snapshot read. */
export async function readAvailability(
  deps: Deps,
  performanceId: string,
  userId: string,
): Promise<SeatAvailability> {
  return (await readAvailabilityAndPlaces(deps, performanceId, userId)).answer;
}

/** The same, with every place's status from that very read (what a stream starts from). */
export async function readAvailabilityAndPlaces(deps: Deps, performanceId: string, userId: string) {
  const venue = await requireVenue(deps, performanceId);
  const { version, seats } = await readSeatMap(deps, performanceId);
  return { answer: toAvailability(venue, performanceId, userId, version, seats), places: seats };
}

function toAvailability(
  venue: PerformanceVenue,
  performanceId: string,
  userId: string,
  version: number,
  seats: readonly { seat_no: number; status: string; holder: string | null }[],
): SeatAvailability {
  const bits = emptyBitmap(venue.seatsTotal);
  const free = new Map(venue.standing.map((a) => [a.sectionId, 0]));
  const mineSeats: number[] = [];
  const mineStanding = new Map<string, number>();
  for (const seat of seats) {
    const area = areaOfPlace(venue, seat.seat_no);
    const available = seat.status === 'AVAILABLE';
    if (!area) {
      if (available) setBit(bits, seat.seat_no, true);
      else if (seat.holder === userId) mineSeats.push(seat.seat_no);
    } else if (available) free.set(area.sectionId, (free.get(area.sectionId) ?? 0) + 1);
    else if (seat.holder === userId)
      mineStanding.set(area.sectionId, (mineStanding.get(area.sectionId) ?? 0) + 1);
  }
  return {
    performanceId,
    version,
    seatsTotal: venue.seatsTotal,
    available: bitmapToBase64(bits),
    standing: venue.standing.map((a) => ({
      sectionId: a.sectionId,
      capacity: a.capacity,
      available: free.get(a.sectionId) ?? 0,
    })),
    mine: {
      seatNos: mineSeats.sort((a, b) => a - b),
      standing: [...mineStanding].map(([sectionId, count]) => ({ sectionId, count })),
    },
  };
}

/**
 * Turns the snapshot's announcements into events for one stream. The stream keeps the availability of each
 * standing place from its own snapshot, so an event can say how many places an area has left after the change.
 */
export function availabilityEvents(
  venue: PerformanceVenue,
  start: SeatAvailability,
  places: readonly { seat_no: number; status: string }[],
) {
  const placeFree = new Map<number, boolean>();
  for (const p of places)
    if (p.seat_no > venue.seatsTotal) placeFree.set(p.seat_no, p.status === 'AVAILABLE');
  const counts = new Map(start.standing.map((s) => [s.sectionId, s.available]));
  return {
    toEvent(announcement: VersionedAnnouncement, now: Date): SeatAvailabilityEvent {
      const seats: SeatAvailabilityEvent['seats'] = [];
      const touched = new Set<string>();
      for (const [field, value] of announcement.fields) {
        const placeNo = Number(field);
        const state = decodeSeatState(value);
        const available = state !== null && isSeatFree(state, now);
        const area = areaOfPlace(venue, placeNo);
        if (!area) {
          if (placeNo >= 1 && placeNo <= venue.seatsTotal) seats.push({ seatNo: placeNo, available });
          continue;
        }
        const was = placeFree.get(placeNo) ?? false;
        if (was !== available)
          counts.set(area.sectionId, (counts.get(area.sectionId) ?? 0) + (available ? 1 : -1));
        placeFree.set(placeNo, available);
        touched.add(area.sectionId);
      }
      return {
        version: announcement.version,
        seats: seats.sort((a, b) => a.seatNo - b.seatNo),
        standing: [...touched].map((sectionId) => ({ sectionId, available: counts.get(sectionId) ?? 0 })),
      };
    },
  };
}
