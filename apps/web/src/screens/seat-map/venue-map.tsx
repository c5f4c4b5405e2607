/**
 * The venue map itself, given a layout and live availability: the whole venue on a canvas, one section zoomed in as
 * buttons, standing areas chosen by count, best available, the legend and the order bar. Selection lives here; the
 * canvas repaints only changed seats and the section's rows are memoised, so a click changes only what it changes.
 */
import { isSeatAvailable, seatLabel, type DecodedAvailability, type VenueLayout } from '@tix/sdk';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Notice } from '../../components/notice';
import type { HoldRequest } from '../../lib/api';
import type { ErrorInfo } from '../../lib/errors';
import { Link } from '../../lib/router';
import { BestAvailable } from './best-available';
import { Legend } from './legend';
import { OrderBar } from './order-bar';
import { OverviewCanvas } from './overview-canvas';
import { buildSeatIndex, type SeatIndex } from './seat-index';
import { SectionPicker } from './section-picker';
import { SectionView } from './section-view';
import { StandingPicker } from './standing-picker';

/** A refused hold; `pendingHref`: the checkout of the hold already open for this date. */
export type HoldOutcome =
  { ok: true } | { ok: false; error: ErrorInfo; clearSelection: boolean; pendingHref?: string };

export function VenueMap(props: {
  layout: VenueLayout;
  availability: DecodedAvailability;
  max: number;
  onHold: (request: Omit<HoldRequest, 'performanceId'>) => Promise<HoldOutcome>;
}) {
  const { layout, availability, max, onHold } = props;
  const index = useMemo(() => buildSeatIndex(layout), [layout]);
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set());
  const [standing, setStanding] = useState<{ sectionId: string; count: number } | null>(null);
  const [focus, setFocus] = useState<string | null>(
    () => index.seated[0]?.sectionId ?? layout.sections[0]?.sectionId ?? null,
  );
  const [taken, setTaken] = useState<string[]>([]);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [pendingHref, setPendingHref] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // While our own hold is in flight its events are our doing, not someone else taking the seats.
  const holding = useRef(false);

  const mine = useMemo(
    () => ({
      seatNos: new Set(availability.mine.seatNos),
      standing: new Map(availability.mine.standing.map((s) => [s.sectionId, s.count])),
    }),
    [availability.mine],
  );

  // A chosen seat that someone else just took leaves the selection, with a message naming it.
  useEffect(() => {
    if (holding.current) return;
    setSelected((prev) => {
      const lost = [...prev].filter((no) => !isSeatAvailable(availability, no));
      if (lost.length === 0) return prev;
      setTaken(lost.map((no) => describeSeat(index, no)));
      return new Set([...prev].filter((no) => isSeatAvailable(availability, no)));
    });
  }, [availability, index]);

  const room = max - selected.size - (standing?.count ?? 0);
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
    const outcome = await onHold(request);
    if (outcome.ok) return;
    holding.current = false;
    setError(outcome.error);
    setPendingHref(outcome.pendingHref ?? null);
    if (outcome.clearSelection) setSelected(new Set());
    setBusy(false);
  };

  const section = layout.sections.find((s) => s.sectionId === focus);
  const price = (grade: string) => index.gradeOf.get(grade)?.price ?? 0;
  const standingArea = standing && layout.sections.find((s) => s.sectionId === standing.sectionId);
  const chosen = [...selected].sort((a, b) => a - b);

  return (
    <>
      {mine.seatNos.size + mine.standing.size > 0 && (
        <Notice kind="info" testId="yours">
          Yours here: {[...mine.seatNos].map((no) => describeSeat(index, no)).join(', ')}
          {[...mine.standing].map(([id, n]) => ` ${n} standing in ${id}`).join(',')} (marked black with a
          tick). <Link href="/me">See my tickets</Link>
        </Notice>
      )}
      {taken.length > 0 && (
        <Notice kind="warning" testId="seat-taken">
          {taken.join(', ')} {taken.length > 1 ? 'were' : 'was'} just taken by someone else. Please choose
          another.
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
        seats={chosen.map((no) => ({
          seatNo: no,
          label: describeSeat(index, no),
          price: index.grades[index.grade[no] ?? 0]?.price ?? 0,
        }))}
        standing={
          standing && standingArea
            ? { name: standingArea.name, count: standing.count, price: price(standingArea.grade) }
            : null
        }
        max={max}
        busy={busy}
        error={error}
        pendingHref={pendingHref}
        onHold={() =>
          void hold({ ...(chosen.length > 0 ? { seatNos: chosen } : {}), ...(standing ? { standing } : {}) })
        }
      />
    </>
  );
}

function describeSeat(index: SeatIndex, seatNo: number): string {
  return seatLabel(index.layout, seatNo) ?? `seat ${seatNo}`;
}
