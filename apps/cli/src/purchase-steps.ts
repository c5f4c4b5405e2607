/** Holding and paying, shared by `tix hold`/`tix pay` and `tix buy`, each sent with the concert's queue token. */
import { bestSeats, newIdempotencyKey, type RouterInputs } from '@tix/sdk';
import type { Payment, Reservation } from './api.js';
import type { Ctx } from './context.js';
import { withQueueToken } from './queued.js';
import type { PerformanceRef } from './resolve.js';

/** What to hold: seat numbers, seat labels ("A-12-7"), standing places, or the server's best seats. */
export type HoldRequest = Omit<RouterInputs['reservation']['hold'], 'performanceId'>;

/** Holds what the request names; `best` goes through the SDK's `bestSeats` (the server picks the seats). */
export function holdSeats(ctx: Ctx, perf: PerformanceRef, request: HoldRequest): Promise<Reservation> {
  const { best, ...rest } = request;
  const performanceId = perf.performanceId;
  return withQueueToken(ctx, perf.concertId, () =>
    best
      ? bestSeats(ctx.client, {
          performanceId,
          ...best,
          ...(rest.standing ? { standing: rest.standing } : {}),
        })
      : ctx.client.reservation.hold.mutate({ performanceId, ...rest }),
  );
}

/**
 * Pays a held reservation. One idempotency key per purchase: if the answer is lost and the call retried, the
 * server replays the first result instead of paying twice.
 */
export async function payReservation(
  ctx: Ctx,
  concertId: string,
  reservationId: string,
  idempotencyKey = newIdempotencyKey('cli'),
): Promise<Payment> {
  const pay = () => ctx.client.payment.pay.mutate({ reservationId, idempotencyKey });
  const payment = await withQueueToken(ctx, concertId, async () => {
    try {
      return await pay();
    } catch (err) {
      // One retry with the same key when the network failed mid-call: safe, the key makes it idempotent.
      if ((err as { data?: unknown }).data === undefined) return pay();
      throw err;
    }
  });
  // Paying ends the waiting-room turn on the server; forget the token so the next purchase queues afresh.
  ctx.store.setQueueToken(concertId, null);
  return payment;
}
