/**
 * The user's place in one concert's waiting room: joined once, remembered in localStorage, and followed with the
 * SDK's waitForAdmission (the live queue.watch stream, with polling when the stream is down) after every page load,
 * so a reload keeps the same place. A place that has ended is forgotten and the user is told why.
 */
import { isDomainError, joinQueue, QueueExpiredError, waitForAdmission, type DomainCode } from '@tix/sdk';
import { useCallback, useEffect, useState } from 'react';
import { reportRetry } from './busy';
import { askToNotify } from './use-admission-cues';
import { loadPlace, savePlace, selectConcertToken, tix } from './client';
import { describeError, type ErrorInfo } from './errors';

/** What the screens show of a place; both queue.join and queue.status/watch answers fit it. */
export interface PlaceView {
  status: 'WAITING' | 'ACTIVE' | 'EXPIRED';
  position?: number | null;
  etaSeconds?: number | null;
  etaLowSeconds?: number | null;
  etaHighSeconds?: number | null;
  estimatedAt?: Date;
  activeUntil?: Date;
  paused?: boolean;
}

export type PlaceState =
  | { kind: 'none' }
  | { kind: 'checking' }
  | { kind: 'in-line'; view: PlaceView; firstPosition: number }
  /** expired: the place ended by the rules; lost: the server could not find or restore it; left: the user left. */
  | { kind: 'gone'; reason: 'expired' | 'lost' | 'left' };

/** Codes meaning the stored token will never work again: the place is gone, not merely unreachable. */
const lostTokenCodes: DomainCode[] = ['QUEUE_TOKEN_INVALID', 'QUEUE_WRONG_CONCERT'];

export function useQueuePlace(concertId: string, enabled: boolean) {
  const [state, setState] = useState<PlaceState>(() =>
    enabled && loadPlace(concertId) ? { kind: 'checking' } : { kind: 'none' },
  );
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  // Bumped to (re)start following the place: after joining, or when the shopping time may have run out.
  const [follow, setFollow] = useState(0);

  const apply = useCallback(
    (view: PlaceView) => {
      const saved = loadPlace(concertId);
      if (!saved) return;
      if (view.status === 'EXPIRED') {
        savePlace(concertId, null);
        setState({ kind: 'gone', reason: 'expired' });
        return;
      }
      // A shuffle at sale open can move an early joiner back; the bar measures from the furthest place seen.
      const firstPosition = Math.max(saved.firstPosition, view.position ?? 1);
      if (firstPosition !== saved.firstPosition) savePlace(concertId, { ...saved, firstPosition });
      setState({ kind: 'in-line', view, firstPosition });
    },
    [concertId],
  );

  useEffect(() => {
    if (!enabled || !loadPlace(concertId)) return;
    selectConcertToken(concertId);
    // Until the server answers, say so rather than offer a Join button for a place the user already has.
    setState((s) => (s.kind === 'in-line' ? s : { kind: 'checking' }));
    const stop = new AbortController();
    // A stream refused while the room catches up says so ("your place is kept") and reopens by itself.
    waitForAdmission(tix, { onUpdate: apply, onRetry: reportRetry, signal: stop.signal }).then(
      apply,
      (err: unknown) => {
        if (stop.signal.aborted) return;
        // The stream ends a dead token with a final error at once, so this shows without waiting for a poll.
        const lost = lostTokenCodes.some((code) => isDomainError(err, code));
        if (lost || err instanceof QueueExpiredError || isDomainError(err, 'QUEUE_TOKEN_EXPIRED')) {
          savePlace(concertId, null);
          setState({ kind: 'gone', reason: lost ? 'lost' : 'expired' });
        } else {
          setError(describeError(err));
        }
      },
    );
    return () => stop.abort();
  }, [concertId, enabled, follow, apply]);

  const join = useCallback(async () => {
    setBusy(true);
    setError(null);
    // Asked on the click that joins, so a background tab can be told when it is this person's turn.
    askToNotify();
    try {
      const joined = await joinQueue(tix, concertId);
      savePlace(concertId, { token: joined.token, firstPosition: joined.position ?? 1 });
      apply(joined);
      setFollow((n) => n + 1);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }, [concertId, apply]);

  const leave = useCallback(async () => {
    setBusy(true);
    try {
      await tix.queue.leave.mutate();
    } catch {
      // Leaving a place that already expired is still leaving.
    }
    savePlace(concertId, null);
    selectConcertToken(concertId);
    setState({ kind: 'gone', reason: 'left' });
    setBusy(false);
  }, [concertId]);

  /** Re-reads the place, e.g. when the shopping time shown on screen has run out. */
  const recheck = useCallback(() => setFollow((n) => n + 1), []);

  return { state, error, busy, join, leave, recheck };
}
