/**
 * One date's availability kept current for as long as it is watched: what the web's seat map and any live client
 * need (docs/api.md, "concert.seatEvents, with no gap").
 */
import {
  applySeatEvent,
  decodeAvailability,
  seatEventGap,
  type DecodedAvailability,
  type SeatAvailabilityEvent,
} from './availability.js';
import type { TixClient } from './types.js';

export interface FollowHandlers {
  /** Every new state: the first read, then after each event that changed something. */
  onChange(state: DecodedAvailability): void;
  /** A `concert.seats` read failed (e.g. QUEUE_NOT_ADMITTED); nothing is retried until `refetch()`. */
  onReadError?(err: unknown): void;
  /** The stream failed; the last state stays. */
  onStreamError?(err: unknown): void;
}

/**
 * Subscribes to `concert.seatEvents`, reads `concert.seats`, and applies the events in version order: those that
 * arrive during a read wait for it (the ones it already includes are skipped), and a version skip (a lost event)
 * reads again, so the state always equals what a fresh read would give once the events stop. Needs the ACTIVE
 * waiting-room token on the client. Returns `stop()`, and `refetch()` for a caller that knows the map moved (a
 * hold refused with SEAT_UNAVAILABLE).
 *
 * @example
 * const follow = followAvailability(tix, performanceId, { onChange: (state) => draw(state) });
 * // later
 * follow.stop();
 */
export function followAvailability(
  client: Pick<TixClient, 'concert'>,
  performanceId: string,
  handlers: FollowHandlers,
): { stop(): void; refetch(): void } {
  let state: DecodedAvailability | null = null;
  // Events held back while a read is in flight (null when none is).
  let pending: SeatAvailabilityEvent[] | null = [];
  let reads = 0;
  let stopped = false;

  const settle = (read: DecodedAvailability, queued: readonly SeatAvailabilityEvent[]) => {
    let next = read;
    for (const event of queued) {
      if (seatEventGap(next, event)) return refetch();
      next = applySeatEvent(next, event);
    }
    state = next;
    handlers.onChange(next);
  };

  /** Reads again; `held` (the event that showed a skip) waits for the read like any other. */
  function refetch(held?: SeatAvailabilityEvent): void {
    const id = ++reads;
    pending ??= [];
    if (held) pending.push(held);
    client.concert.seats.query({ performanceId }).then(
      (answer) => {
        if (stopped || id !== reads) return;
        const queued = pending ?? [];
        pending = null;
        settle(decodeAvailability(answer), queued);
      },
      (err: unknown) => {
        if (!stopped && id === reads) handlers.onReadError?.(err);
      },
    );
  }

  const sub = client.concert.seatEvents.subscribe(
    { performanceId },
    {
      onData: (event: SeatAvailabilityEvent) => {
        if (pending) return void pending.push(event);
        if (!state) return;
        if (seatEventGap(state, event)) return refetch(event);
        const next = applySeatEvent(state, event);
        if (next === state) return;
        state = next;
        handlers.onChange(next);
      },
      onError: (err: unknown) => handlers.onStreamError?.(err),
    },
  );
  refetch();
  return {
    stop() {
      stopped = true;
      sub.unsubscribe();
    },
    refetch: () => refetch(),
  };
}
