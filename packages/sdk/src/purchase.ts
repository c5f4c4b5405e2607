/**
 * Helpers for buying seats that every client needs alike (the CLI's `buy --best`, the web client, your own app):
 * choosing the best free seats from a seat map, and making idempotency keys for payments and charges.
 */

/** One seat of `concert.seats`; only the fields the helpers read. */
export interface SeatLike {
  seatNo: number;
  grade: string;
  price: number;
  status: string;
}

/**
 * The `count` best AVAILABLE seats, or null when fewer are free. "Best" means the priciest grade first, seats next
 * to each other when possible (a run of consecutive numbers in one grade), lowest numbers (nearest the stage) first.
 * When no grade has a long enough run, it falls back to the priciest free seats wherever they are.
 *
 * @example
 * const seats = await tix.concert.seats.query({ performanceId });
 * const pick = bestSeats(seats, 2); // e.g. [12, 13], or null when sold out
 */
export function bestSeats(seats: readonly SeatLike[], count: number): number[] | null {
  if (!Number.isInteger(count) || count < 1) return null;
  const free = seats
    .filter((s) => s.status === 'AVAILABLE')
    .sort((a, b) => b.price - a.price || a.seatNo - b.seatNo);
  if (free.length < count) return null;

  const grades = [...new Set(free.map((s) => `${s.price}\u0000${s.grade}`))];
  for (const key of grades) {
    const inGrade = free
      .filter((s) => `${s.price}\u0000${s.grade}` === key)
      .map((s) => s.seatNo)
      .sort((a, b) => a - b);
    let runStart = 0;
    for (let i = 0; i < inGrade.length; i++) {
      if (i > 0 && inGrade[i] !== inGrade[i - 1]! + 1) runStart = i;
      if (i - runStart + 1 === count) return inGrade.slice(runStart, i + 1);
    }
  }
  return free
    .slice(0, count)
    .map((s) => s.seatNo)
    .sort((a, b) => a - b);
}

/**
 * A fresh idempotency key for `payment.pay` or `wallet.charge`. Make one per purchase and reuse it on every retry
 * of that purchase, so a retry after a lost response can never pay twice.
 *
 * @example
 * const key = newIdempotencyKey();
 * await tix.payment.pay.mutate({ reservationId, idempotencyKey: key });
 */
export function newIdempotencyKey(prefix = 'tix'): string {
  // randomUUID exists only in secure contexts; a browser on http://<LAN address> still has getRandomValues.
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
