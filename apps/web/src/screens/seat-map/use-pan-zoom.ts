/**
 * Drag to pan, and wheel or pinch to zoom, on the overview canvas. The view is a zoom (1 = the whole venue) and an
 * offset in canvas pixels, kept in a ref: a gesture repaints the canvas once per frame and never re-renders React.
 * The venue always fills the canvas at zoom 1 and never leaves it when zoomed.
 */
import { useCallback, useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react';

export interface View {
  zoom: number;
  /** Where the venue's top-left corner is drawn, in canvas (device) pixels; ≤ 0. */
  ox: number;
  oy: number;
}

const maxZoom = 8;
/** CSS pixels a pointer may move and still click (pick a section) rather than drag. */
const clickSlop = 5;

export function usePanZoom(canvas: RefObject<HTMLCanvasElement | null>, repaint: () => void) {
  const view = useRef<View>({ zoom: 1, ox: 0, oy: 0 });
  const [zoomed, setZoomed] = useState(false);
  const latestRepaint = useRef(repaint);
  latestRepaint.current = repaint;
  const frame = useRef(0);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const down = useRef<{ x: number; y: number } | null>(null);
  const dragged = useRef(false);

  const setView = useCallback(
    (next: View) => {
      const el = canvas.current;
      if (!el) return;
      const zoom = Math.min(maxZoom, Math.max(1, next.zoom));
      const clamp = (o: number, size: number) => Math.min(0, Math.max(size - size * zoom, o));
      view.current = { zoom, ox: clamp(next.ox, el.width), oy: clamp(next.oy, el.height) };
      // On the element itself, not in React state: tests read the view, and a gesture re-renders nothing.
      el.dataset.view = `${zoom.toFixed(3)} ${Math.round(view.current.ox)} ${Math.round(view.current.oy)}`;
      setZoomed(zoom > 1);
      if (frame.current) return;
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        latestRepaint.current();
      });
    },
    [canvas],
  );

  /** When the canvas is resized: the whole venue again, painted by the caller. */
  const forget = useCallback(() => {
    view.current = { zoom: 1, ox: 0, oy: 0 };
    delete canvas.current?.dataset.view;
    setZoomed(false);
  }, [canvas]);

  /** Zooms by `factor` keeping the venue point under (px, py), in canvas pixels, where it is. */
  const zoomAt = useCallback(
    (px: number, py: number, factor: number) => {
      const v = view.current;
      const zoom = Math.min(maxZoom, Math.max(1, v.zoom * factor));
      const k = zoom / v.zoom;
      setView({ zoom, ox: px - (px - v.ox) * k, oy: py - (py - v.oy) * k });
    },
    [setView],
  );

  /** A pointer or wheel event's position in canvas pixels, and canvas pixels per CSS pixel. */
  const toCanvas = useCallback(
    (e: { clientX: number; clientY: number }) => {
      const el = canvas.current!;
      const rect = el.getBoundingClientRect();
      const k = el.width / (rect.width || 1);
      return { x: (e.clientX - rect.left) * k, y: (e.clientY - rect.top) * k, k };
    },
    [canvas],
  );

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    // Not React's onWheel: that listener is passive, and a map's wheel must not also scroll the page.
    const onWheel = (e: WheelEvent) => {
      if (view.current.zoom <= 1 && e.deltaY > 0) return;
      e.preventDefault();
      const p = toCanvas(e);
      zoomAt(p.x, p.y, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002)));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      el.removeEventListener('wheel', onWheel);
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [canvas, toCanvas, zoomAt]);

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      // A pointer that is not active (a synthetic event) cannot be captured; the gesture still works.
    }
    const p = toCanvas(e);
    pointers.current.set(e.pointerId, p);
    if (pointers.current.size === 1) {
      down.current = { x: e.clientX, y: e.clientY };
      dragged.current = false;
    }
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const all = pointers.current;
    const prev = all.get(e.pointerId);
    if (!prev) return;
    const p = toCanvas(e);
    all.set(e.pointerId, p);
    const start = down.current;
    if (start && Math.hypot(e.clientX - start.x, e.clientY - start.y) > clickSlop) dragged.current = true;
    if (!dragged.current) return;
    const v = view.current;
    if (all.size === 1) return setView({ ...v, ox: v.ox + p.x - prev.x, oy: v.oy + p.y - prev.y });
    // Two fingers: zoom by how much their distance changed, around their midpoint.
    const other = [...all].find(([id]) => id !== e.pointerId)?.[1];
    if (!other) return;
    const before = Math.hypot(prev.x - other.x, prev.y - other.y);
    const after = Math.hypot(p.x - other.x, p.y - other.y);
    if (before > 0) zoomAt((p.x + other.x) / 2, (p.y + other.y) / 2, after / before);
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    pointers.current.delete(e.pointerId);
  };

  return {
    view,
    zoomed,
    /** True when the pointer that just went up dragged or pinched: its click picks nothing. */
    wasDrag: () => dragged.current,
    reset: () => setView({ zoom: 1, ox: 0, oy: 0 }),
    forget,
    handlers: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp },
  };
}
