/**
 * The whole venue on one canvas: every seat a dot in its grade's colour (grey when taken), the seats you chose or own
 * marked. A change repaints only the dots that changed (a byte compare of the bitmaps finds them), so a click or a
 * live event never redraws 50,000 seats. Drag pans and the wheel or a pinch zooms (use-pan-zoom.ts); a click picks
 * the section under it. Screen-reader and keyboard users get the section list beside it instead.
 */
import { memo, useCallback, useEffect, useRef } from 'react';
import { isSeatAvailable, type DecodedAvailability } from '@tix/sdk';
import { markOnce } from './marks';
import { usePanZoom } from './use-pan-zoom';
import { mineColour, selectedColour, takenColour, type SeatIndex } from './seat-index';

interface Props {
  index: SeatIndex;
  availability: DecodedAvailability;
  selected: ReadonlySet<number>;
  mine: ReadonlySet<number>;
  focusSection: string | null;
  onPickSection: (sectionId: string) => void;
}

interface Painted {
  bits: Uint8Array;
  selected: ReadonlySet<number>;
  mine: ReadonlySet<number>;
  scale: number;
  ox: number;
  oy: number;
  dot: number;
  focusSection: string | null;
  availability: DecodedAvailability;
}

const background = '#f8fafc';

export const OverviewCanvas = memo(function OverviewCanvas(props: Props) {
  const { index, availability, selected, mine, focusSection, onPickSection } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const painted = useRef<Painted | null>(null);
  const { layout } = index;
  const paintRef = useRef(() => {});
  const panZoom = usePanZoom(canvas, () => paintRef.current());
  const { view, forget } = panZoom;

  const colourOf = useCallback(
    (no: number, bits: Uint8Array, sel: ReadonlySet<number>, own: ReadonlySet<number>) => {
      if (own.has(no)) return mineColour;
      if (sel.has(no)) return selectedColour;
      const i = no - 1;
      if (((bits[i >> 3] ?? 0) & (1 << (i & 7))) === 0) return takenColour;
      return index.grades[index.grade[no] ?? 0]?.colour ?? takenColour;
    },
    [index],
  );

  const paintAll = useCallback(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const cssWidth = el.clientWidth || 800;
    const width = Math.round(cssWidth * ratio);
    const height = Math.round((cssWidth * layout.height * ratio) / layout.width);
    if (el.width !== width || el.height !== height) [el.width, el.height] = [width, height];
    const { zoom, ox, oy } = view.current;
    const scale = (el.width / layout.width) * zoom;
    const box = (b: { x: number; y: number; width: number; height: number }) =>
      [b.x * scale + ox, b.y * scale + oy, b.width * scale, b.height * scale] as const;
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, el.width, el.height);
    for (const s of layout.sections) {
      const focused = s.sectionId === focusSection;
      ctx.fillStyle = s.kind === 'STANDING' ? (index.gradeOf.get(s.grade)?.colour ?? takenColour) : '#eef1f6';
      ctx.globalAlpha =
        s.kind === 'STANDING'
          ? availability.standing.find((a) => a.sectionId === s.sectionId)?.available
            ? 0.55
            : 0.2
          : 1;
      ctx.fillRect(...box(s));
      ctx.globalAlpha = 1;
      ctx.strokeStyle = focused ? selectedColour : '#cbd2de';
      ctx.lineWidth = (focused ? 3 : 1) * ratio;
      ctx.strokeRect(...box(s));
    }
    if (layout.stage) {
      const st = layout.stage;
      ctx.fillStyle = '#312e81';
      ctx.fillRect(...box(st));
      ctx.fillStyle = '#ffffff';
      ctx.font = `700 ${Math.round(11 * ratio)}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('STAGE', (st.x + st.width / 2) * scale + ox, (st.y + st.height / 2) * scale + oy);
    }
    const dot = Math.max(1, seatPitch(index) * scale * 0.7);
    // One path per colour: a handful of fills instead of 50,000 style changes.
    const paths = new Map<string, Path2D>();
    for (let no = 1; no <= layout.seatsTotal; no++) {
      const colour = colourOf(no, availability.bits, selected, mine);
      let path = paths.get(colour);
      if (!path) paths.set(colour, (path = new Path2D()));
      path.rect(
        (index.x[no] ?? 0) * scale + ox - dot / 2,
        (index.y[no] ?? 0) * scale + oy - dot / 2,
        dot,
        dot,
      );
    }
    for (const [colour, path] of paths) {
      ctx.fillStyle = colour;
      ctx.fill(path);
    }
    ctx.font = `600 ${Math.round(11 * ratio)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3 * ratio;
    ctx.strokeStyle = '#ffffff';
    ctx.fillStyle = '#1a1d29';
    for (const s of layout.sections) {
      const cx = (s.x + s.width / 2) * scale + ox;
      const cy = (s.y + s.height / 2) * scale + oy;
      if (s.width * scale < 14 * ratio) continue;
      ctx.strokeText(s.sectionId, cx, cy);
      ctx.fillText(s.sectionId, cx, cy);
    }
    painted.current = {
      bits: availability.bits,
      selected,
      mine,
      scale,
      ox,
      oy,
      dot,
      focusSection,
      availability,
    };
    markOnce('tix:overview-drawn');
  }, [availability, colourOf, focusSection, index, layout, mine, selected, view]);
  paintRef.current = paintAll;

  useEffect(() => {
    const last = painted.current;
    const ctx = canvas.current?.getContext('2d');
    const standingChanged = last && last.availability.standing !== availability.standing;
    if (!last || !ctx || last.focusSection !== focusSection || standingChanged) return paintAll();
    // Only what changed: bitmap bytes that differ, and the seats that joined or left the selection or yours.
    const changed = new Set<number>();
    for (let k = 0; k < availability.bits.length; k++) {
      if (availability.bits[k] === last.bits[k]) continue;
      for (let b = 0; b < 8; b++) changed.add(k * 8 + b + 1);
    }
    for (const set of [selected, last.selected, mine, last.mine])
      for (const no of set)
        if (selected.has(no) !== last.selected.has(no) || mine.has(no) !== last.mine.has(no)) changed.add(no);
    const { scale, ox, oy, dot } = last;
    for (const no of changed) {
      if (no > layout.seatsTotal) continue;
      const x = (index.x[no] ?? 0) * scale + ox - dot / 2;
      const y = (index.y[no] ?? 0) * scale + oy - dot / 2;
      ctx.fillStyle = colourOf(no, availability.bits, selected, mine);
      ctx.fillRect(x, y, dot, dot);
    }
    painted.current = { ...last, bits: availability.bits, selected, mine, availability };
  }, [availability, colourOf, focusSection, index, layout, mine, paintAll, selected]);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let width = el.clientWidth;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      forget();
      paintAll();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [paintAll, forget]);

  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    if (panZoom.wasDrag()) return;
    const el = e.currentTarget;
    const rect = el.getBoundingClientRect();
    const k = el.width / (rect.width || 1);
    const { scale, ox, oy } = painted.current ?? { scale: el.width / layout.width, ox: 0, oy: 0 };
    const x = ((e.clientX - rect.left) * k - ox) / scale;
    const y = ((e.clientY - rect.top) * k - oy) / scale;
    const hit = layout.sections.find(
      (s) => x >= s.x && x <= s.x + s.width && y >= s.y && y <= s.y + s.height,
    );
    if (hit) onPickSection(hit.sectionId);
  };

  const free = countFree(availability);
  return (
    <>
      <canvas
        ref={canvas}
        className="venue-overview"
        data-testid="venue-overview"
        style={{
          aspectRatio: `${layout.width} / ${layout.height}`,
          touchAction: 'none',
          cursor: panZoom.zoomed ? 'grab' : 'pointer',
        }}
        role="img"
        aria-label={`Map of ${layout.name}: ${free} of ${layout.seatsTotal} seats available. Drag to move, scroll or pinch to zoom; choose a section below to see its seats.`}
        onClick={onClick}
        {...panZoom.handlers}
      />
      {panZoom.zoomed && (
        <button type="button" className="small" onClick={panZoom.reset}>
          Show the whole map
        </button>
      )}
    </>
  );
});

/** The smallest distance between neighbouring seats in map units, so dots never overlap. */
export function seatPitch(index: SeatIndex): number {
  let pitch = Infinity;
  for (const s of index.seated) {
    for (const r of s.rows) if (r.count > 1) pitch = Math.min(pitch, Math.hypot(r.dx, r.dy));
    for (let k = 1; k < s.rows.length; k++) {
      const a = s.rows[k - 1]!;
      const b = s.rows[k]!;
      const d = Math.hypot(b.x - a.x, b.y - a.y);
      if (d > 0) pitch = Math.min(pitch, d);
    }
  }
  return Number.isFinite(pitch) ? pitch : 1;
}

export function countFree(a: DecodedAvailability): number {
  let n = 0;
  for (let no = 1; no <= a.seatsTotal; no++) if (isSeatAvailable(a, no)) n++;
  return n;
}
