/**
 * Live seat changes of one performance: holds, payments, cancellations and the expiry sweeper publish them after
 * their transaction commits; `concert.seatEvents` streams them. Redis pub/sub carries them between servers when
 * there is Redis, an in-process emitter otherwise. Delivery is best effort, so every stream starts with a snapshot
 * taken after subscribing: a client that (re)connects never misses the state, only possibly an intermediate step.
 */
import type { SeatStatus } from '@tix/db';
import type { Deps } from '../../deps.js';
import { listSeatMap } from './concert.service.js';

export interface SeatChange {
  seatNo: number;
  status: SeatStatus;
}

export interface SeatEvent {
  performanceId: string;
  seats: SeatChange[];
  at: Date;
  /** True on the first event of a stream: every seat of the performance, not just changed ones. */
  snapshot?: boolean;
}

export const seatChannel = (performanceId: string) => `seats:${performanceId}`;

/**
 * Announces seat changes. Never throws: the change is committed already, and a lost message only delays the
 * seat map (clients re-read on reconnect).
 */
export async function publishSeatChanges(
  deps: Deps,
  performanceId: string,
  seatNos: readonly number[],
  status: SeatStatus,
): Promise<void> {
  if (seatNos.length === 0) return;
  const event: SeatEvent = {
    performanceId,
    seats: seatNos.map((seatNo) => ({ seatNo, status })),
    at: deps.clock.now(),
  };
  await deps.pubsub.publish(seatChannel(performanceId), event).catch(() => {});
}

/** The stream behind `concert.seatEvents`: a snapshot, then every published change until the client goes. */
export async function* watchSeatEvents(
  deps: Deps,
  performanceId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<SeatEvent> {
  const pending: SeatEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = deps.pubsub.subscribe(seatChannel(performanceId), (message) => {
    pending.push(message as SeatEvent);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const seats = await listSeatMap(deps, performanceId);
    yield {
      performanceId,
      seats: seats.map((s) => ({ seatNo: s.seatNo, status: s.status })),
      at: deps.clock.now(),
      snapshot: true,
    };
    while (!signal?.aborted) {
      const next = pending.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
