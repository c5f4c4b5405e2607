/**
 * The seat map of one date: the whole venue drawn once on a canvas, one section zoomed in as buttons, standing areas
 * chosen by count, best available picked by the server. The layout is fetched once; availability is read once and
 * kept live by concert.seatEvents. A click changes only the seat it touches (see section-view.tsx).
 */
import { isDomainError } from '@tix/sdk';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Loading, Notice } from '../components/notice';
import { holdPlaces, type HoldRequest } from '../lib/api';
import { selectConcertToken, tix } from '../lib/client';
import { describeError, type ErrorInfo } from '../lib/errors';
import { formatDate, formatWon } from '../lib/format';
import { Link, navigate } from '../lib/router';
import { useLoad } from '../lib/use-load';
import { useSeatAvailability } from '../lib/use-seat-availability';
import { seatLabel, type SeatEvent, type VenueLayout } from '../lib/venue';
import { BestAvailable } from './seat-map/best-available';
import { Legend } from './seat-map/legend';
import { OrderBar } from './seat-map/order-bar';
import { OverviewCanvas } from './seat-map/overview-canvas';
import { buildSeatIndex, type SeatIndex } from './seat-map/seat-index';
import { SectionPicker } from './seat-map/section-picker';
import { SectionView } from './seat-map/section-view';
import { StandingPicker } from './seat-map/standing-picker';

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
  if (layout.error != null) return <MapError concertId={concertId} error={describeError(layout.error)} />;
  if (!layout.data) return <Loading what="the seat map" />;
  const max = concert.data?.settings.maxSeatsPerOrder ?? 4;
  const performance = concert.data?.performances.find((p) => p.performanceId === performanceId);
  return (
    <section>
      <p>
        <Link href={`/concerts/${concertId}`}>← Back to dates</Link>
      </p>
      <h1>{concert.data?.title ?? 'Choose your seats'}</h1>
      <p className="muted">
        {layout.data.name}
        {performance && ` · ${formatDate(performance.startsAt)}`}
      </p>
      <VenueMap concertId={concertId} performanceId={performanceId} layout={layout.data} max={max} />
    </section>
  );
}

function VenueMap(props: { concertId: string; performanceId: string; layout: VenueLayout; max: number }) {
  const { concertId, performanceId, layout, max } = props;
  const index = useMemo(() => buildSeatIndex(layout), [layout]);
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set());
  const [standing, setStanding] = useState<{ sectionId: string; count: number } | null>(null);
  const [focus, setFocus] = useState<string | null>(
    () => index.seated[0]?.sectionId ?? layout.sections[0]?.sectionId ?? null,
  );
  const [taken, setTaken] = useState<string[]>([]);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  // Places this page is holding right now: their events are our own doing, not someone else taking them.
  const holding = useRef(false);

  const onEvent = useCallback(
    (event: SeatEvent) => {
      if (holding.current) return;
      const gone = new Set(event.seats.filter((s) => !s.available).map((s) => s.seatNo));
      if (gone.size === 0) return;
      setSelected((prev) => {
        const lost = [...prev].filter((no) => gone.has(no));
        if (lost.length === 0) return prev;
        setTaken(lost.map((no) => describeSeat(index, no)));
        return new Set([...prev].filter((no) => !gone.has(no)));
      });
    },
    [index],
  );
  const { live, error: readError, liveError, reload } = useSeatAvailability(performanceId, onEvent);
  const mine = useMemo(() => {
    const own = live?.mine ?? { seatNos: [], standing: [] };
    return { seatNos: new Set(own.seatNos), standing: new Map(own.standing.map((s) => [s.sectionId, s.count])) };
  }, [live?.mine]);

  const standingCount = standing?.count ?? 0;
  const room = max - selected.size - standingCount;
  const roomRef = useRef(room);
  roomRef.current = room;
  const onToggle = useCallback((seatNo: number) => {
    setTaken([]);
    setError(null);
    setSelected((prev) => {
      if (prev.has(seatNo)) {
        const next = new Set(prev);
        next.delete(seatNo);
        return next;
      }
      return roomRef.current > 0 ? new Set(prev).add(seatNo) : prev;
    });
  }, []);

  const hold = async (request: Omit<HoldRequest, 'performanceId'>) => {
    setBusy(true);
    setError(null);
    setTaken([]);
    holding.current = true;
    try {
      const reservation = await holdPlaces({ performanceId, ...request });
      navigate(`/concerts/${concertId}/checkout/${reservation.reservationId}`);
    } catch (err) {
      holding.current = false;
      setError(describeError(err));
      if (isDomainError(err, 'SEAT_UNAVAILABLE')) {
        setSelected(new Set());
        reload();
      }
      setBusy(false);
    }
  };

  const failure = readError != null ? describeError(readError) : error;
  if (failure && queueCodes.includes(failure.code))
    return <NotAdmitted concertId={concertId} message={failure.message} />;
  if (readError != null) return <Notice kind="error">{describeError(readError).message}</Notice>;
  if (!live) return <Loading what="seats" />;
  const availability = live;
  const section = layout.sections.find((s) => s.sectionId === focus);
  const price = (grade: string) => index.gradeOf.get(grade)?.price ?? 0;
  const standingArea = standing && layout.sections.find((s) => s.sectionId === standing.sectionId);

  return (
    <>
      {liveError != null && (
        <Notice kind="warning">Live seat updates stopped: {describeError(liveError).message}</Notice>
      )}
      {mine.seatNos.size + mine.standing.size > 0 && (
        <Notice kind="info" testId="yours">
          You already have {[...mine.seatNos].map((no) => describeSeat(index, no)).join(', ')}
          {[...mine.standing].map(([id, n]) => ` ${n} standing in ${id}`).join(',')} here (marked in black).{' '}
          <Link href="/me">See my tickets</Link>
        </Notice>
      )}
      {taken.length > 0 && (
        <Notice kind="warning" testId="seat-taken">
          {taken.join(', ')} {taken.length > 1 ? 'were' : 'was'} just taken by someone else. Please choose another.
        </Notice>
      )}
      <div className="venue-layout">
        <div className="venue-main">
          <OverviewCanvas
            index={index}
            availability={availability}
            selected={selected}
            mine={mine.seatNos}
            focusSection={focus}
            onPickSection={setFocus}
          />
          <Legend grades={index.grades} />
        </div>
        <div className="venue-side">
          <SectionPicker index={index} availability={availability} value={focus} onPick={setFocus} />
          <BestAvailable index={index} max={max} busy={busy} onHold={(best) => void hold({ best })} />
        </div>
      </div>
      <h2 className="section-heading">{section?.name ?? 'Choose a section'}</h2>
      {section?.kind === 'SEATED' && (
        <SectionView
          key={section.sectionId}
          index={index}
          section={section}
          availability={availability}
          selected={selected}
          mine={mine.seatNos}
          full={room <= 0}
          onToggle={onToggle}
        />
      )}
      {section?.kind === 'STANDING' && (
        <StandingPicker
          area={section}
          price={price(section.grade)}
          available={availability.standing.find((a) => a.sectionId === section.sectionId)?.available ?? 0}
          yours={mine.standing.get(section.sectionId) ?? 0}
          count={standing?.sectionId === section.sectionId ? standing.count : 0}
          room={room + (standing?.sectionId === section.sectionId ? standing.count : 0)}
          onCount={(count) => setStanding(count > 0 ? { sectionId: section.sectionId, count } : null)}
        />
      )}
      <OrderBar
        seats={[...selected].sort((a, b) => a - b).map((no) => ({
          seatNo: no,
          label: describeSeat(index, no),
          price: price(index.grades[index.grade[no] ?? 0]?.grade ?? ''),
        }))}
        standing={
          standing && standingArea
            ? { name: standingArea.name, count: standing.count, price: price(standingArea.grade) }
            : null
        }
        max={max}
        busy={busy}
        error={error}
        onHold={() =>
          void hold({
            ...(selected.size > 0 ? { seatNos: [...selected].sort((a, b) => a - b) } : {}),
            ...(standing ? { standing } : {}),
          })
        }
      />
    </>
  );
}

function describeSeat(index: SeatIndex, seatNo: number): string {
  return seatLabel(index.layout, seatNo) ?? `seat ${seatNo}`;
}

function MapError({ concertId, error }: { concertId: string; error: ErrorInfo }) {
  if (queueCodes.includes(error.code)) return <NotAdmitted concertId={concertId} message={error.message} />;
  return <Notice kind="error">{error.message}</Notice>;
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
