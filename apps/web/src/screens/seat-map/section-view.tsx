/**
 * One section zoomed in: its seats as real buttons where the layout puts them, row by row. Rows are memoised on a
 * short status string, so a click or a live change re-renders only the row it touches. One seat is in the Tab order;
 * arrow keys move within a row (left/right) and between rows (up/down), Home/End jump to a row's ends.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatWon } from '../../lib/format';
import { isSeatAvailable, type DecodedAvailability, type LayoutRow, type SeatedSection } from '@tix/sdk';
import { seatGrade, seatName, spokenSeat, type SeatIndex } from './seat-index';
import { markOnce } from './marks';
import { seatPitch } from './overview-canvas';

interface Props {
  index: SeatIndex;
  section: SeatedSection;
  availability: DecodedAvailability;
  selected: ReadonlySet<number>;
  mine: ReadonlySet<number>;
  full: boolean;
  onToggle: (seatNo: number) => void;
}

/** Seat states in a row's status string: one character per seat. */
const FREE = 'f';
const TAKEN = 't';
const CHOSEN = 'c';
const MINE = 'm';
const stateText = { f: 'available', t: 'taken', c: 'chosen', m: 'yours' } as const;

const seatPx = 26;
// Room around the seats for the row labels (one seat's step before each row).
const pad = 48;

export function SectionView({ index, section, availability, selected, mine, full, onToggle }: Props) {
  const [zoom, setZoom] = useState(1);
  const [focus, setFocus] = useState({ row: 0, i: firstFree(section, availability) });
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => markOnce('tix:section-drawn'), []);

  const geometry = useMemo(() => {
    const seats = section.rows.flatMap((r) => [
      [r.x, r.y],
      [r.x + (r.count - 1) * r.dx, r.y + (r.count - 1) * r.dy],
    ]);
    const minX = Math.min(...seats.map((p) => p[0]!));
    const minY = Math.min(...seats.map((p) => p[1]!));
    const maxX = Math.max(...seats.map((p) => p[0]!));
    const maxY = Math.max(...seats.map((p) => p[1]!));
    const scale = ((seatPx + 4) * zoom) / seatPitch({ ...index, seated: [section] });
    return {
      minX,
      minY,
      scale,
      size: seatPx * zoom,
      width: (maxX - minX) * scale + 2 * pad,
      height: (maxY - minY) * scale + 2 * pad,
    };
  }, [index, section, zoom]);

  const statuses = section.rows.map((row) => {
    let s = '';
    for (let i = 0; i < row.count; i++) {
      const no = row.firstSeatNo + i;
      s += mine.has(no) ? MINE : selected.has(no) ? CHOSEN : isSeatAvailable(availability, no) ? FREE : TAKEN;
    }
    return s;
  });

  // Kept in a ref so the memoised rows get one stable handler for the life of the section.
  const latest = useRef({ section, focus });
  latest.current = { section, focus };
  const onKey = useCallback((e: KeyboardEvent<HTMLButtonElement>, row: number, i: number) => {
    const rows = latest.current.section.rows;
    const count = rows[row]?.count ?? 1;
    let next: { row: number; i: number } | null = null;
    if (e.key === 'ArrowRight') next = { row, i: Math.min(count - 1, i + 1) };
    else if (e.key === 'ArrowLeft') next = { row, i: Math.max(0, i - 1) };
    else if (e.key === 'Home') next = { row, i: 0 };
    else if (e.key === 'End') next = { row, i: count - 1 };
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const r = Math.max(0, Math.min(rows.length - 1, row + (e.key === 'ArrowDown' ? 1 : -1)));
      next = { row: r, i: Math.min((rows[r]?.count ?? 1) - 1, i) };
    }
    if (!next) return;
    e.preventDefault();
    setFocus(next);
    const target = next;
    // The button exists already (every row of the section is rendered); focus it now, not after a render.
    box.current
      ?.querySelector<HTMLButtonElement>(`[data-row="${target.row}"][data-i="${target.i}"]`)
      ?.focus();
  }, []);
  const onFocusSeat = useCallback((row: number, i: number) => {
    const f = latest.current.focus;
    if (f.row !== row || f.i !== i) setFocus({ row, i });
  }, []);

  return (
    <div className="section-view">
      <div className="section-tools">
        <span className="muted small">Zoom</span>
        <button type="button" onClick={() => setZoom((z) => Math.max(0.6, z - 0.2))} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={() => setZoom((z) => Math.min(1.8, z + 0.2))} aria-label="Zoom in">
          +
        </button>
        <span className="muted small">Arrow keys move between seats; Space or Enter chooses one.</span>
      </div>
      <div className="section-scroll" ref={box} data-testid="section-view">
        <div
          className="section-plane"
          role="group"
          aria-label={`${section.name} seats`}
          style={{ width: geometry.width, height: geometry.height }}
        >
          {section.rows.map((row, r) => (
            <Row
              key={row.label}
              section={section}
              row={row}
              rowIndex={r}
              status={statuses[r] ?? ''}
              focusI={focus.row === r ? focus.i : -1}
              full={full}
              index={index}
              geometry={geometry}
              onToggle={onToggle}
              onKey={onKey}
              onFocusSeat={onFocusSeat}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  section: SeatedSection;
  row: LayoutRow;
  rowIndex: number;
  status: string;
  focusI: number;
  full: boolean;
  index: SeatIndex;
  geometry: { minX: number; minY: number; scale: number; size: number };
  onToggle: (seatNo: number) => void;
  onKey: (e: KeyboardEvent<HTMLButtonElement>, row: number, i: number) => void;
  onFocusSeat: (row: number, i: number) => void;
}

const Row = memo(function Row(props: RowProps) {
  const { section, row, rowIndex, status, focusI, full, index, geometry, onToggle, onKey, onFocusSeat } =
    props;
  const { minX, minY, scale, size } = geometry;
  const at = (i: number) => ({
    left: (row.x + i * row.dx - minX) * scale + pad - size / 2,
    top: (row.y + i * row.dy - minY) * scale + pad - size / 2,
  });
  const accessible = new Set(row.accessible ?? []);
  // The row's label sits one step before its first seat, along the row (rows may run across or down the map).
  const step = Math.hypot(row.dx, row.dy) || 1;
  const start = at(0);
  const labelAt = {
    left: start.left - (row.dx / step) * (size + 2),
    top: start.top - (row.dy / step) * (size + 2),
  };
  return (
    <div role="group" aria-label={`Row ${row.label}`} data-row-label={row.label}>
      <span
        className="row-label"
        aria-hidden="true"
        style={{
          ...labelAt,
          width: size,
          height: size,
          lineHeight: `${size}px`,
        }}
      >
        {row.label}
      </span>
      {Array.from({ length: row.count }, (_, i) => {
        const no = row.firstSeatNo + i;
        const state = (status[i] ?? TAKEN) as keyof typeof stateText;
        const grade = index.gradeOf.get(seatGrade(section, row, i));
        const unavailable = state === TAKEN || state === MINE || (full && state === FREE);
        const wheelchair = accessible.has(i);
        const pos = at(i);
        return (
          <button
            key={i}
            type="button"
            className={`map-seat map-seat-${stateText[state]}${wheelchair ? ' map-seat-accessible' : ''}`}
            style={{ ...pos, width: size, height: size, '--grade': grade?.colour } as React.CSSProperties}
            data-seat={no}
            data-label={`${section.sectionId}-${row.label}-${seatName(row, i)}`}
            data-status={stateText[state]}
            data-row={rowIndex}
            data-i={i}
            tabIndex={focusI === i ? 0 : -1}
            aria-pressed={state === CHOSEN}
            aria-disabled={unavailable}
            aria-label={`${spokenSeat(section, row, i)}, ${grade?.grade ?? ''} ${grade ? formatWon(grade.price) : ''}${wheelchair ? ', wheelchair accessible' : ''}, ${stateText[state]}`}
            onClick={() => {
              if (state === FREE || state === CHOSEN) {
                if (!(full && state === FREE)) onToggle(no);
              }
            }}
            onKeyDown={(e) => onKey(e, rowIndex, i)}
            onFocus={() => onFocusSeat(rowIndex, i)}
          >
            {seatName(row, i)}
          </button>
        );
      })}
    </div>
  );
});

function firstFree(section: SeatedSection, a: DecodedAvailability): number {
  const row = section.rows[0];
  if (!row) return 0;
  for (let i = 0; i < row.count; i++) if (isSeatAvailable(a, row.firstSeatNo + i)) return i;
  return 0;
}
