/**
 * One date's availability: read once from concert.seats, then kept current from concert.seatEvents with the SDK's
 * pure helpers (each stream opens with a snapshot, which replaces the state: a reconnect leaves no gap). Events that arrive while the first read is in flight are buffered and applied after it (the helpers
 * skip any at or below the read's version), so nothing is missed and nothing applied twice.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { tix } from './client';
import { applySeatEvent, decodeAvailability, type DecodedAvailability, type SeatEvent } from './venue';

export function useSeatAvailability(
  performanceId: string,
  onEvent: (event: SeatEvent) => void,
): { live: DecodedAvailability | null; error: unknown; liveError: unknown; reload: () => void } {
  const [live, setLive] = useState<DecodedAvailability | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [liveError, setLiveError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  useEffect(() => {
    let current = true;
    let pending: SeatEvent[] | null = [];
    const apply = (event: SeatEvent) => {
      setLive((prev) => (prev ? applySeatEvent(prev, event) : prev));
      onEventRef.current(event);
    };
    const sub = tix.concert.seatEvents.subscribe(
      { performanceId },
      {
        onData: (event: SeatEvent) => {
          if (pending) pending.push(event);
          else apply(event);
        },
        onError: (err: unknown) => setLiveError(err),
      },
    );
    tix.concert.seats.query({ performanceId }).then(
      (answer) => {
        if (!current) return;
        let availability = decodeAvailability(answer);
        for (const event of pending ?? []) availability = applySeatEvent(availability, event);
        pending = null;
        setLive(availability);
        setError(null);
      },
      (err: unknown) => current && setError(err),
    );
    return () => {
      current = false;
      sub.unsubscribe();
    };
  }, [performanceId, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { live, error, liveError, reload };
}
