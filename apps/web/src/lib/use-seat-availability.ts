/**
 * One date's availability, live: the SDK's followAvailability reads concert.seats, applies concert.seatEvents in
 * version order (events during a read wait for it; a skipped version reads again), so the map always ends equal
 * to a fresh read. `reload` reads again, e.g. after a hold was refused because the map moved.
 */
import { followAvailability, type DecodedAvailability } from '@tix/sdk';
import { useCallback, useEffect, useRef, useState } from 'react';
import { tix } from './client';

export function useSeatAvailability(performanceId: string): {
  live: DecodedAvailability | null;
  error: unknown;
  liveError: unknown;
  reload: () => void;
} {
  const [live, setLive] = useState<DecodedAvailability | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [liveError, setLiveError] = useState<unknown>(null);
  const follow = useRef<ReturnType<typeof followAvailability> | null>(null);

  useEffect(() => {
    const following = followAvailability(tix, performanceId, {
      onChange: (state) => {
        setLive(state);
        setError(null);
      },
      onReadError: setError,
      onStreamError: setLiveError,
    });
    follow.current = following;
    return () => {
      following.stop();
      follow.current = null;
    };
  }, [performanceId]);

  const reload = useCallback(() => follow.current?.refetch(), []);
  return { live, error, liveError, reload };
}
