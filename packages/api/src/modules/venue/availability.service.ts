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

type Place = { seat_no: number; status: string; holder: string | null };

/** What every caller's answer shares, and each holder's own places, from one pass over the places. */
interface Shared {
  venue: PerformanceVenue;
  available: string;
  standing: SeatAvailability['standing'];
  mine: Map<string, { seatNos: number[]; standing: Map<string, number> }>;
}

/**
 * Kept per places array: readSeatMap hands out the same one while the snapshot and the clock show the same map
 * (concert/seat-map-view.ts), so a crowd reading one map pays for one pass, not one each.
 */
const shared = new WeakMap<readonly Place[], Shared>();

function sharedOf(venue: PerformanceVenue, seats: readonly Place[]): Shared {
  const kept = shared.get(seats);
  if (kept?.venue === venue) return kept;
  const bits = emptyBitmap(venue.seatsTotal);
  const free = new Map(venue.standing.map((a) => [a.sectionId, 0]));
  const mine: Shared['mine'] = new Map();
  for (const seat of seats) {
    const area = areaOfPlace(venue, seat.seat_no);
    const available = seat.status === 'AVAILABLE';
    if (available) {
      if (!area) setBit(bits, seat.seat_no, true);
      else free.set(area.sectionId, (free.get(area.sectionId) ?? 0) + 1);
      continue;
    }
    if (seat.holder === null) continue;
    let own = mine.get(seat.holder);
    if (!own) mine.set(seat.holder, (own = { seatNos: [], standing: new Map() }));
    if (!area) own.seatNos.push(seat.seat_no);
    else own.standing.set(area.sectionId, (own.standing.get(area.sectionId) ?? 0) + 1);
  }
  for (const own of mine.values()) own.seatNos.sort((a, b) => a - b);
  const made: Shared = {
    venue,
    available: bitmapToBase64(bits),
    standing: venue.standing.map((a) => ({
      sectionId: a.sectionId,
      capacity: a.capacity,
      available: free.get(a.sectionId) ?? 0,
    })),
    mine,
  };
  shared.set(seats, made);
  return made;
}

function toAvailability(
  venue: PerformanceVenue,
  performanceId: string,
  userId: string,
  version: number,
  seats: readonly Place[],
): SeatAvailability {
  const { available, standing, mine } = sharedOf(venue, seats);
  const own = mine.get(userId);
  // Fresh arrays per answer: the shared ones must not reach a caller that could change them.
  return {
    performanceId,
    version,
    seatsTotal: venue.seatsTotal,
    available,
    standing: standing.map((s) => ({ ...s })),
    mine: {
      seatNos: own ? [...own.seatNos] : [],
      standing: own ? [...own.standing].map(([sectionId, count]) => ({ sectionId, count })) : [],
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
