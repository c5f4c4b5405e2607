/**
 * The seat map of one date: seats drawn by grade with their price and status, kept live by concert.seatEvents,
 * chosen up to the order limit and held with one click.
 */
import { bestSeats, isDomainError } from '@tix/sdk';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Loading, Notice } from '../components/notice';
import { holdSeats, listSeats, watchSeats, type Seat, type SeatChange } from '../lib/api';
import { selectConcertToken, tix } from '../lib/client';
import { describeError, type ErrorInfo } from '../lib/errors';
import { formatDate, formatWon } from '../lib/format';
import { Link, navigate } from '../lib/router';
import { useLoad } from '../lib/use-load';
import { SeatGrid } from './seat-grid';

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
  const seats = useLoad(() => listSeats(performanceId), [performanceId]);
  const [selected, setSelected] = useState<number[]>([]);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [taken, setTaken] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const setSeats = seats.setData;
  // Seats this page is holding right now: their HELD event is our own doing, not someone else taking them.
  const holding = useRef<number[]>([]);

  const applyChanges = useCallback(
    (changes: SeatChange[]) => {
      if (changes.length === 0) return;
      const byNo = new Map(changes.map((c) => [c.seatNo, c.status]));
      setSeats((prev) => prev?.map((s) => (byNo.has(s.seatNo) ? { ...s, status: byNo.get(s.seatNo)! } : s)));
      // A seat someone else just took leaves the selection, with a message saying so.
      const gone = changes
        .filter((c) => c.status !== 'AVAILABLE' && !holding.current.includes(c.seatNo))
        .map((c) => c.seatNo);
      setSelected((prev) => {
        const lost = prev.filter((n) => gone.includes(n));
        if (lost.length > 0) setTaken(lost);
        return lost.length > 0 ? prev.filter((n) => !lost.includes(n)) : prev;
      });
    },
    [setSeats],
  );

  const [liveError, setLiveError] = useState<ErrorInfo | null>(null);
  useEffect(
    () => watchSeats(performanceId, applyChanges, (err) => setLiveError(describeError(err))),
    [performanceId, applyChanges],
  );

  const max = concert.data?.settings.maxSeatsPerOrder ?? 4;
  const performance = concert.data?.performances.find((p) => p.performanceId === performanceId);
  const seatList = seats.data ?? [];
  const chosen = seatList.filter((s) => selected.includes(s.seatNo));
  const total = chosen.reduce((n, s) => n + s.price, 0);

  const toggle = (seat: Seat) => {
    setTaken([]);
    setError(null);
    setSelected((prev) =>
      prev.includes(seat.seatNo)
        ? prev.filter((n) => n !== seat.seatNo)
        : prev.length < max
          ? [...prev, seat.seatNo].sort((a, b) => a - b)
          : prev,
    );
  };

  const [bestCount, setBestCount] = useState(2);
  const pickBest = () => {
    setTaken([]);
    setError(null);
    const pick = bestSeats(seatList, Math.min(bestCount, max));
    if (pick) setSelected(pick);
    else setError({ code: 'NOT_ENOUGH', message: `Fewer than ${bestCount} seats are free.`, fields: [] });
  };

  const hold = async () => {
    setBusy(true);
    setError(null);
    setTaken([]);
    holding.current = selected;
    try {
      const reservation = await holdSeats(performanceId, selected);
      navigate(`/concerts/${concertId}/checkout/${reservation.reservationId}`);
    } catch (err) {
      holding.current = [];
      setError(describeError(err));
      if (isDomainError(err, 'SEAT_UNAVAILABLE')) {
        setSelected([]);
        seats.reload();
      }
      setBusy(false);
    }
  };

  const seatsError = seats.error != null ? describeError(seats.error) : null;
  if (seatsError && queueCodes.includes(seatsError.code))
    return <NotAdmitted concertId={concertId} message={seatsError.message} />;
  if (error && queueCodes.includes(error.code))
    return <NotAdmitted concertId={concertId} message={error.message} />;

  return (
    <section>
      <p>
        <Link href={`/concerts/${concertId}`}>← Back to dates</Link>
      </p>
      <h1>{concert.data?.title ?? 'Choose your seats'}</h1>
      {performance && <p className="muted">{formatDate(performance.startsAt)}</p>}
      {seatsError && <Notice kind="error">{seatsError.message}</Notice>}
      {liveError && <Notice kind="warning">Live seat updates stopped: {liveError.message}</Notice>}
      {taken.length > 0 && (
        <Notice kind="warning" testId="seat-taken">
          Seat{taken.length > 1 ? 's' : ''} {taken.join(', ')} {taken.length > 1 ? 'were' : 'was'} just taken
          by someone else. Please choose another.
        </Notice>
      )}
      <div className="best-pick">
        <label htmlFor="best-count">Best available</label>
        <select id="best-count" value={bestCount} onChange={(e) => setBestCount(Number(e.target.value))}>
          {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n} seat{n > 1 ? 's' : ''}
            </option>
          ))}
        </select>
        <button type="button" onClick={pickBest} disabled={seatList.length === 0}>
          Pick for me
        </button>
      </div>
      {seats.loading && !seats.data ? (
        <Loading what="seats" />
      ) : (
        <SeatGrid seats={seatList} selected={selected} max={max} onToggle={toggle} />
      )}

      <div className="card order-bar" aria-live="polite">
        <div>
          <strong>
            {selected.length === 0
              ? `Choose up to ${max} seats`
              : `Seat${selected.length > 1 ? 's' : ''} ${selected.join(', ')}`}
          </strong>
          <div className="muted">
            {selected.length} of {max} · Total {formatWon(total)}
          </div>
        </div>
        {error && (
          <Notice kind="error" testId="hold-error">
            {error.message}
          </Notice>
        )}
        {error?.code === 'HOLD_ALREADY_PENDING' && <Link href="/me">See my tickets</Link>}
        <button type="button" className="primary" onClick={hold} disabled={busy || selected.length === 0}>
          {busy
            ? 'Holding…'
            : selected.length === 0
              ? 'Hold seats'
              : `Hold ${selected.length} seat${selected.length === 1 ? '' : 's'}`}
        </button>
      </div>
    </section>
  );
}

function NotAdmitted({ concertId, message }: { concertId: string; message: string }) {
  return (
    <section>
      <h1>Not your turn yet</h1>
      <Notice kind="warning">{message}</Notice>
      <Link className="button primary" href={`/concerts/${concertId}`}>
        Go to the waiting room
      </Link>
    </section>
  );
}
