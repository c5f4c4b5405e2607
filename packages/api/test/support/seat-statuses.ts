/** Reading `concert.seats` answers in tests: each seat as AVAILABLE, MINE (the caller's) or TAKEN (someone else's). */
import { bitIsSet, bitmapFromBase64 } from '../../src/modules/venue/seat-bitmap.js';
import type { SeatAvailability } from '../../src/modules/venue/venue.types.js';

export type SeatStatusInTest = 'AVAILABLE' | 'MINE' | 'TAKEN';

export function seatStatuses(a: SeatAvailability): SeatStatusInTest[] {
  const bits = bitmapFromBase64(a.available, a.seatsTotal);
  const mine = new Set(a.mine.seatNos);
  return Array.from({ length: a.seatsTotal }, (_, i) =>
    bitIsSet(bits, i + 1) ? 'AVAILABLE' : mine.has(i + 1) ? 'MINE' : 'TAKEN',
  );
}

/** The seat numbers with this status. */
export function seatsWith(a: SeatAvailability, status: SeatStatusInTest): number[] {
  return seatStatuses(a).flatMap((s, i) => (s === status ? [i + 1] : []));
}
