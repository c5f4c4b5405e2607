/** The waiting room panel: place in line, people ahead, ETA and progress, and what to do in each state. */
import type { PlaceView } from '../lib/use-queue-place';
import { formatEta } from '../lib/format';

export function WaitingRoom({
  view,
  firstPosition,
  busy,
  onLeave,
}: {
  view: PlaceView;
  firstPosition: number;
  busy: boolean;
  onLeave: () => void;
}) {
  const position = view.position ?? 1;
  const ahead = Math.max(0, position - 1);
  // Measured from where the user first stood, so the bar only moves forward as people ahead are let in.
  const progress = Math.round((100 * (firstPosition - position + 1)) / (firstPosition + 1));
  return (
    <section className="card waiting-room" aria-labelledby="waiting-title" data-testid="waiting-room">
      <h2 id="waiting-title">You are in the waiting room</h2>
      {view.paused && (
        <div className="notice notice-warning" role="status" data-testid="queue-paused">
          The organiser has paused the sale for a moment. Your place is kept: stay on this page.
        </div>
      )}
      <div className="queue-numbers" aria-live="polite">
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
          <span className="big eta">{view.paused ? 'paused' : formatEta(view.etaSeconds)}</span>
          <span className="label">estimated wait</span>
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
        Keep this page open; it updates by itself. You can reload it without losing your place. When it is
        your turn you will have a few minutes to choose seats.
      </p>
      <button type="button" onClick={onLeave} disabled={busy}>
        Leave the waiting room
      </button>
    </section>
  );
}
