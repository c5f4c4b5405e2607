/**
 * One date's availability: read once from concert.seats, then kept current from concert.seatEvents with the SDK's
 * pure helpers (each stream opens with a snapshot, which replaces the state: a reconnect leaves no gap). Events that arrive while the first read is in flight are buffered and applied after it (the helpers
 * skip any at or below the read's version), so nothing is missed and nothing applied twice.
 */
import { useCallback, useEffect, useState } from 'react';
import { tix } from './client';
import {
  applySeatEvent,
  decodeAvailability,
  type DecodedAvailability,
  type SeatAvailabilityEvent,
} from '@tix/sdk';

export function useSeatAvailability(performanceId: string): {
  live: DecodedAvailability | null;
  error: unknown;
  liveError: unknown;
  reload: () => void;
} {
  const [live, setLive] = useState<DecodedAvailability | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [liveError, setLiveError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let current = true;
    let pending: SeatAvailabilityEvent[] | null = [];
    const apply = (event: SeatAvailabilityEvent) => {
      setLive((prev) => (prev ? applySeatEvent(prev, event) : prev));
    };
    const sub = tix.concert.seatEvents.subscribe(
      { performanceId },
      {
        onData: (event: SeatAvailabilityEvent) => {
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
