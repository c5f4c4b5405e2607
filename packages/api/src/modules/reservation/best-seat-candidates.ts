/**
 * `best` in a hold (docs/domain.md, "Venues"): the server picks the seats. Reads the fresh availability and returns
 * up to `attempts` candidate sets, best first, so hold.service.ts can try the next one when a faster buyer takes a
 * seat of the first; SEAT_NOT_FOUND for a section that is not seated, SEAT_UNAVAILABLE when nothing matches.
 */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { readSeatMap } from '../concert/seat-availability.js';
import { bestCandidates } from '../venue/best-available.js';
import { findSection } from '../venue/seat-index.js';
import type { PerformanceVenue } from '../venue/venue.service.js';
import type { HoldInput } from './reservation.schema.js';

export async function bestSeatCandidates(
  deps: Deps,
  venue: PerformanceVenue,
  performanceId: string,
  best: NonNullable<HoldInput['best']>,
  attempts: number,
): Promise<number[][]> {
  if (best.sectionId && findSection(venue.answer, best.sectionId)?.kind !== 'SEATED') {
    throw new DomainError('SEAT_NOT_FOUND', `No seated section ${best.sectionId}`, {
      fields: ['best.sectionId'],
    });
  }
  const { seats } = await readSeatMap(deps, performanceId);
  const free = new Set(seats.filter((s) => s.status === 'AVAILABLE').map((s) => s.seat_no));
  const candidates = bestCandidates(venue.answer, (n) => free.has(n), venue.price, best, attempts);
  if (candidates.length === 0) {
    throw new DomainError('SEAT_UNAVAILABLE', `No ${best.count} free seats match`, {
      fields: ['best'],
      seatNos: [],
    });
  }
  return candidates;
}
