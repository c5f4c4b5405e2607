/**
 * The seat map screen of one date: the layout fetched once (cacheable), availability read once and kept live by
 * concert.seatEvents (lib/use-seat-availability.ts), and the hold. What is drawn and how a click stays cheap is in
 * seat-map/venue-map.tsx.
 */
import { bestSeats, isDomainError } from '@tix/sdk';
import { useCallback, useRef } from 'react';
import { Loading, Notice } from '../components/notice';
import { ScreenError } from '../components/screen-error';
import { ScreenHeading, screenTitle } from '../components/screen-heading';
import { holdPlaces, type HoldRequest } from '../lib/api';
import { selectConcertToken, tix } from '../lib/client';
import { describeError, type ErrorInfo } from '../lib/errors';
import { formatDate } from '../lib/format';
import { checkoutPath, refreshHolds } from '../lib/open-holds';
import { Link, navigate } from '../lib/router';
import { useLoad } from '../lib/use-load';
import { useSeatAvailability } from '../lib/use-seat-availability';
import { VenueMap, type HoldOutcome } from './seat-map/venue-map';

const queueCodes: ErrorInfo['code'][] = [
  'QUEUE_TOKEN_MISSING',
  'QUEUE_TOKEN_INVALID',
  'QUEUE_NOT_ADMITTED',
  'QUEUE_TOKEN_EXPIRED',
  'QUEUE_WRONG_CONCERT',
];

export function SeatMap({ concertId, performanceId }: { concertId: string; performanceId: string }) {
  selectConcertToken(concertId);
  const concert = useLoad(() => tix.concert.get.query({ concertId }), [concertId]);
  const layout = useLoad(() => tix.concert.layout.query({ performanceId }), [performanceId]);
  const { live, error: readError, liveError, reload } = useSeatAvailability(performanceId);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;

  const onHold = useCallback(
    async (request: Omit<HoldRequest, 'performanceId'>): Promise<HoldOutcome> => {
      try {
        const { best, ...rest } = request;
        // Best available is the server's pick (the SDK's bestSeats), never one made here.
        const reservation = best
          ? await bestSeats(tix, { performanceId, ...best })
          : await holdPlaces({ performanceId, ...rest });
        navigate(`/concerts/${concertId}/checkout/${reservation.reservationId}`);
        return { ok: true };
      } catch (err) {
        const taken = isDomainError(err, 'SEAT_UNAVAILABLE');
        if (taken) reloadRef.current();
        const error = describeError(err);
        if (error.code !== 'HOLD_ALREADY_PENDING') return { ok: false, error, clearSelection: taken };
        // One hold per date: the way forward is that hold's checkout.
        const open = (await refreshHolds()).find(
          (r) => r.reservationId === error.reservationId || r.performanceId === performanceId,
        );
        const pendingHref = open ? checkoutPath(open) : '/me';
        return { ok: false, error, clearSelection: false, pendingHref };
      }
    },
    [concertId, performanceId],
  );

  const failure = [layout.error, readError].find((e) => e != null);
  if (failure != null) {
    const info = describeError(failure);
    if (queueCodes.includes(info.code)) return <NotAdmitted concertId={concertId} message={info.message} />;
    return <ScreenError error={failure} />;
  }
  const max = concert.data?.settings.maxSeatsPerOrder ?? 4;
  const performance = concert.data?.performances.find((p) => p.performanceId === performanceId);
  return (
    <section>
      <p>
        <Link href={`/concerts/${concertId}`}>← Back to dates</Link>
      </p>
      <ScreenHeading title={screenTitle('Seats', concert.data?.title)}>
        {concert.data?.title ?? 'Choose your seats'}
      </ScreenHeading>
      <p className="muted">
        {layout.data?.name}
        {performance && ` · ${formatDate(performance.startsAt)}`}
      </p>
      {liveError != null && (
        <Notice kind="warning">Live seat updates stopped: {describeError(liveError).message}</Notice>
      )}
      {!layout.data || !live ? (
        <Loading what="the seat map" />
      ) : (
        <VenueMap layout={layout.data} availability={live} max={max} onHold={onHold} />
      )}
    </section>
  );
}

function NotAdmitted({ concertId, message }: { concertId: string; message: string }) {
  return (
    <section>
      <ScreenHeading title={screenTitle('Not your turn yet')}>Not your turn yet</ScreenHeading>
      <Notice kind="warning">{message}</Notice>
      <Link className="button primary" href={`/concerts/${concertId}`}>
        Go to the waiting room
      </Link>
    </section>
  );
}
