/**
 * Helpers for buying seats that every client needs alike (the CLI's `buy --best`, the web client, your own app):
 * holding the server's best available seats, and making idempotency keys for payments and charges.
 */
import type { RouterInputs, RouterOutputs, TixClient } from './types.js';

/** One seat of a seat map (e.g. a `SeatView` of `seatViews`); only the fields clients compare. */
export interface SeatLike {
  seatNo: number;
  grade: string;
  price: number;
  status: string;
}

/** What "best available" may be narrowed to: how many, and optionally a grade, a section, wheelchair access. */
export type BestRequest = NonNullable<RouterInputs['reservation']['hold']['best']>;

/**
 * Holds the `count` best free seats of a date, chosen by the server (docs/domain.md, "Best available"): side by
 * side in one row where it can, the dearest grade first, the front row, the most central run; of one grade or
 * section, or with an accessible seat, when asked. Nothing is picked on the client: the server picks from the
 * current seats, and when a faster buyer takes its first candidate it tries the next ones itself. `standing` adds standing places to the same
 * hold (all or nothing). Rejects with `SEAT_UNAVAILABLE` when no seats match; needs an ACTIVE waiting-room token.
 *
 * @example
 * const held = await bestSeats(tix, { performanceId, count: 2, sectionId: '101' });
 * await tix.payment.pay.mutate({ reservationId: held.reservationId, idempotencyKey: newIdempotencyKey() });
 */
export function bestSeats(
  client: TixClient,
  request: BestRequest & {
    performanceId: string;
    standing?: RouterInputs['reservation']['hold']['standing'];
  },
): Promise<RouterOutputs['reservation']['hold']> {
  const { performanceId, standing, ...best } = request;
  return client.reservation.hold.mutate({ performanceId, best, ...(standing ? { standing } : {}) });
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
