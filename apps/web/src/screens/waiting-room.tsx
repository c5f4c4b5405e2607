/**
 * The waiting room panel: place in line, people ahead, the estimate as a range with its age, progress from the
 * person's own starting place, and what to do in each state. Screen readers hear only what changed (a new place, a
 * new range), not the whole panel on every update.
 */
import { updatedAgo, waitRange } from '@tix/sdk';
import { useEffect, useRef, useState } from 'react';
import { FocusHeading } from '../components/screen-heading';
import type { PlaceView } from '../lib/use-queue-place';
import { useNow } from '../lib/use-load';

/** Share of the way from the person's own first place to the front: 0% on joining, 100% when let in. */
export function progressFrom(firstPosition: number, position: number): number {
  if (firstPosition <= 0) return 0;
  return Math.round((100 * Math.max(0, firstPosition - position)) / firstPosition);
}

/** The sentence to announce when the place or the range changed; null when nothing worth saying did. */
function useAnnouncement(position: number, range: string): string {
  const [said, setSaid] = useState('');
  const last = useRef({ position, range });
  useEffect(() => {
    const changes: string[] = [];
    if (position !== last.current.position) changes.push(`You are now number ${position} in line.`);
    if (range !== last.current.range) changes.push(`Estimated wait ${range}.`);
    last.current = { position, range };
    if (changes.length > 0) setSaid(changes.join(' '));
  }, [position, range]);
  return said;
}

export function WaitingRoom({
  view,
  firstPosition,
  busy,
  onLeave,
  focus = false,
}: {
  view: PlaceView;
  firstPosition: number;
  busy: boolean;
  onLeave: () => void;
  /** Takes focus on appearing (after Join). */
  focus?: boolean;
}) {
  const now = useNow(1000);
  const position = view.position ?? 1;
  const ahead = Math.max(0, position - 1);
  const progress = progressFrom(firstPosition, position);
  // The range as the server gave it is what is announced: it changes rarely, the countdown and age every second.
  const announcement = useAnnouncement(
    position,
    view.paused ? 'paused' : waitRange({ ...view, estimatedAt: undefined }),
  );
  const age = view.estimatedAt && view.etaSeconds != null ? updatedAgo(view.estimatedAt, now) : null;
  return (
    <section className="card waiting-room" aria-labelledby="waiting-title" data-testid="waiting-room">
      <FocusHeading id="waiting-title" focus={focus}>
        You are in the waiting room
      </FocusHeading>
      {view.paused && (
        <div className="notice notice-warning" role="status" data-testid="queue-paused">
          The organiser has paused the sale for a moment. Your place is kept: stay on this page.
        </div>
      )}
      <p className="visually-hidden" aria-live="polite" data-testid="queue-announcement">
        {announcement}
      </p>
      <div className="queue-numbers">
        <div>
          <span className="big" data-testid="queue-position">
            {position}
          </span>
          <span className="label">your place in line</span>
        </div>
        <div>
          <span className="big" data-testid="queue-ahead">
            {ahead}
          </span>
          <span className="label">{ahead === 1 ? 'person' : 'people'} ahead of you</span>
        </div>
        <div>
          <span className="big eta" data-testid="queue-eta">
            {view.paused ? 'paused' : waitRange(view, now)}
          </span>
          <span className="label" data-testid="queue-eta-age">
            estimated wait{age ? `, ${age}` : ''}
          </span>
        </div>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Progress through the waiting room"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress}
      >
        <div className="progress-fill" style={{ width: `${progress}%` }} />
      </div>
      <p className="muted">
        Keep this page open; it updates by itself, and the tab title changes when it is your turn. You can
        reload it without losing your place. When it is your turn you will have a few minutes to choose seats.
      </p>
      <button type="button" onClick={onLeave} disabled={busy}>
        Leave the waiting room
      </button>
    </section>
  );
}
