/** What a hold's input names, resolved against the venue to seat rows (docs/api.md, "Venues"). */
import { DomainError } from '../../errors.js';
import { findSeatByLabel } from '../venue/seat-index.js';
import type { PerformanceVenue, StoredStandingArea } from '../venue/venue.service.js';
import type { HoldInput } from './reservation.schema.js';

/** A hold with every place resolved to seat rows: explicit seats, and a count of one standing area's places. */
export interface ResolvedHold {
  performanceId: string;
  venue: PerformanceVenue;
  seatNos: number[];
  standing: { area: StoredStandingArea; count: number } | null;
}

/** Seat numbers and labels, as seat numbers; SEAT_NOT_FOUND names what the venue does not have. */
export function resolveSeats(venue: PerformanceVenue, input: HoldInput): number[] {
  const beyond = (input.seatNos ?? []).filter((n) => n > venue.seatsTotal);
  if (beyond.length > 0) {
    throw new DomainError('SEAT_NOT_FOUND', `No seat ${beyond.join(', ')} at this performance`, {
      fields: ['seatNos'],
      seatNos: beyond,
    });
  }
  const unknown: string[] = [];
  const byLabel = (input.seats ?? []).flatMap((label) => {
    const seat = findSeatByLabel(venue.answer, label);
    if (!seat) unknown.push(label);
    return seat ? [seat.seatNo] : [];
  });
  if (unknown.length > 0) {
    throw new DomainError('SEAT_NOT_FOUND', `No seat ${unknown.join(', ')} at this performance`, {
      fields: ['seats'],
      labels: unknown,
    });
  }
  return [...new Set([...(input.seatNos ?? []), ...byLabel])];
}

export function resolveStanding(
  venue: PerformanceVenue,
  standing: HoldInput['standing'],
): ResolvedHold['standing'] {
  if (!standing) return null;
  const wanted = standing.sectionId.toUpperCase();
  const area = venue.standing.find((a) => a.sectionId.toUpperCase() === wanted);
  if (!area) {
    throw new DomainError('SEAT_NOT_FOUND', `No standing area ${standing.sectionId} at this performance`, {
      fields: ['standing.sectionId'],
    });
  }
  return { area, count: standing.count };
}
