/**
 * One concert: its dates and availability, and the way in. Before the waiting room opens it counts down to the
 * opening and says how early places are ordered; buyers join the waiting room here, wait (the page updates live,
 * survives a reload, keeps the seat counts fresh and changes the tab title on admission), and once admitted pick a
 * date to open its seat map.
 */
import { useState } from 'react';
import { Countdown } from '../components/countdown';
import { LiveHolds } from '../components/live-holds';
import { Loading, Notice } from '../components/notice';
import { ScreenError } from '../components/screen-error';
import { FocusHeading, ScreenHeading, screenTitle } from '../components/screen-heading';
import { tix } from '../lib/client';
import { formatDate } from '../lib/format';
import { Link } from '../lib/router';
import { useSession } from '../lib/session';
import { admissionTitle, useAdmissionCues } from '../lib/use-admission-cues';
import { useInterval, useLoad, useNow } from '../lib/use-load';
import { useQueuePlace } from '../lib/use-queue-place';
import { WaitingRoom } from './waiting-room';

const SEAT_COUNTS_EVERY_MS = 15_000;

export function ConcertPage({ concertId }: { concertId: string }) {
  const { me, checking } = useSession();
  const concert = useLoad(() => tix.concert.get.query({ concertId }), [concertId]);
  const datesLoad = useLoad(() => tix.concert.dates.query({ concertId }), [concertId]);
  const place = useQueuePlace(concertId, me !== null);
  const state = place.state;
  const waiting = state.kind === 'in-line' && state.view.status === 'WAITING';
  // Seats sell while people wait: the counts are re-read every 15 s until it is this person's turn.
  useInterval(datesLoad.reload, waiting ? SEAT_COUNTS_EVERY_MS : null);
  const status = state.kind === 'in-line' ? state.view.status : null;
  useAdmissionCues(status, concert.data?.title ?? 'tix');
  const now = useNow(1000);
  // After Join, focus goes to what the click brought (the waiting room, or "It's your turn").
  const [joined, setJoined] = useState(false);
  const join = () => {
    setJoined(true);
    void place.join();
  };

  const failed = concert.error ?? (datesLoad.data ? null : datesLoad.error);
  if (failed != null) return <ScreenError error={failed} />;
  if (!concert.data || !datesLoad.data) return <Loading what="the concert" />;
  const info = concert.data;
  const dates = datesLoad.data;
  const admitted = state.kind === 'in-line' && state.view.status === 'ACTIVE';
  const saleOpen = info.saleOpensAt.getTime() <= now;
  const roomOpen = info.queueOpensAt.getTime() <= now;

  return (
    <section>
      <p>
        <Link href="/">← All concerts</Link>
      </p>
      <ScreenHeading title={admissionTitle(status, info.title) ?? screenTitle(info.title)}>
        {info.title}
      </ScreenHeading>
      <p className="muted">{info.venue}</p>
      {info.description && <p>{info.description}</p>}
      {info.cancelledAt && (
        <Notice kind="error" testId="concert-cancelled">
          This concert was cancelled. Paid tickets were refunded to the buyers’ wallets.
        </Notice>
      )}
      {!saleOpen && (
        <div className="card opening" data-testid="opening">
          {roomOpen ? (
            <p>
              The waiting room is open. The sale opens in{' '}
              <Countdown until={info.saleOpensAt} testId="sale-countdown" /> ({formatDate(info.saleOpensAt)}).
            </p>
          ) : (
            <p>
              The waiting room opens in <Countdown until={info.queueOpensAt} testId="room-countdown" /> (
              {formatDate(info.queueOpensAt)}); the sale opens {formatDate(info.saleOpensAt)}.
            </p>
          )}
          <p className="muted">
            Everyone who joins before the sale opens is placed in a random draw when it opens, so there is no
            need to rush: your place until then is provisional. After the opening, it is first come, first
            served.
          </p>
        </div>
      )}
      <p>
        {saleOpen ? 'On sale now. ' : ''}Up to {info.settings.maxSeatsPerOrder} seats per order; seats are
        held for {Math.round(info.settings.holdSeconds / 60) || 1} min while you pay.
      </p>

      {place.error && <Notice kind="error">{place.error.message}</Notice>}

      {checking || state.kind === 'checking' ? (
        <Loading what="your place in line" />
      ) : !me ? (
        <div className="card">
          <p>Sign in to join the waiting room for this concert.</p>
          <Link
            className="button primary"
            href={`/signin?next=${encodeURIComponent(`/concerts/${concertId}`)}`}
          >
            Sign in
          </Link>
        </div>
      ) : state.kind === 'in-line' && state.view.status === 'WAITING' ? (
        <WaitingRoom
          view={state.view}
          firstPosition={state.firstPosition}
          busy={place.busy}
          onLeave={place.leave}
          focus={joined}
        />
      ) : admitted ? (
        <div className="notice notice-success admitted" role="status" data-testid="admitted">
          <FocusHeading focus={joined}>It&apos;s your turn!</FocusHeading> Choose a date and your seats.
          {state.view.activeUntil && (
            <>
              {' '}
              Your shopping time ends in <Countdown
                until={state.view.activeUntil}
                onEnd={place.recheck}
              />{' '}
              unless you keep going.
            </>
          )}
        </div>
      ) : (
        <div className="card">
          {state.kind === 'gone' && state.reason === 'expired' && (
            <Notice kind="warning" testId="place-expired">
              Your place in the waiting room has expired (you were away too long, your shopping time ran out,
              or you already paid). Join again to get a new place.
            </Notice>
          )}
          {state.kind === 'gone' && state.reason === 'lost' && (
            <Notice kind="warning" testId="place-lost">
              We could not find your place in the waiting room any more (it may have been issued by an older
              version of this site, or for another concert). Join again to get a new place.
            </Notice>
          )}
          {state.kind === 'gone' && <LiveHolds concertId={concertId} />}
          {state.kind === 'gone' && state.reason === 'left' && (
            <Notice kind="info">You left the waiting room.</Notice>
          )}
          <p>Everyone waits in one fair line. Join it to get your place.</p>
          <button
            type="button"
            className="primary"
            onClick={join}
            disabled={place.busy || !roomOpen || info.cancelledAt !== null}
          >
            {place.busy
              ? 'Joining…'
              : roomOpen
                ? 'Join the waiting room'
                : 'The waiting room is not open yet'}
          </button>
        </div>
      )}

      <h2>Dates</h2>
      <ul className="date-cards">
        {dates.map((d) => (
          <li key={d.performanceId} className="card date-card">
            <div>
              <strong>{formatDate(d.startsAt)}</strong>
              <div className="muted">
                {d.seatsAvailable === 0
                  ? 'Sold out'
                  : `${d.seatsAvailable} of ${d.seatsTotal} seats available`}
              </div>
            </div>
            {admitted ? (
              <Link
                className="button primary"
                href={`/concerts/${concertId}/dates/${d.performanceId}`}
                aria-label={`Choose seats for ${formatDate(d.startsAt)}`}
              >
                Choose seats
              </Link>
            ) : (
              <span className="muted small">Seats open when it&apos;s your turn</span>
            )}
          </li>
        ))}
      </ul>
      {admitted && (
        <button type="button" onClick={place.leave} disabled={place.busy}>
          I&apos;m done: give my place to the next person
        </button>
      )}
    </section>
  );
}
