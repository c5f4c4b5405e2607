/**
 * How a client words the wait estimate. It is a range from a model of the room (docs/domain.md, "Waiting room: the
 * estimate"), so it is said as one, "about 4–6 min", with how old it is, never as a clock that pretends to the second.
 * The CLI and the web app both use these.
 */

/** "about 20–40 s", "about 4–6 min", "about 1–2 h"; the range collapses when both ends round alike. */
export function aboutWait(lowSeconds: number, highSeconds: number): string {
  const low = Math.max(0, lowSeconds);
  const high = Math.max(low, highSeconds);
  if (high < 5) return 'any moment now';
  const unit =
    high < 90 ? { s: 1, name: 's' } : high < 90 * 60 ? { s: 60, name: 'min' } : { s: 3600, name: 'h' };
  const lo = Math.max(unit.s === 1 ? 0 : 1, Math.floor(low / unit.s));
  const hi = Math.max(lo, Math.ceil(high / unit.s));
  return lo === hi ? `about ${hi} ${unit.name}` : `about ${lo}–${hi} ${unit.name}`;
}

/** "updated just now", "updated 3 s ago", "updated 2 min ago". */
export function updatedAgo(estimatedAt: Date, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - estimatedAt.getTime()) / 1000));
  if (seconds < 2) return 'updated just now';
  return seconds < 120 ? `updated ${seconds} s ago` : `updated ${Math.round(seconds / 60)} min ago`;
}

export interface EstimateView {
  paused?: boolean;
  etaSeconds?: number | null;
  etaLowSeconds?: number | null;
  etaHighSeconds?: number | null;
  estimatedAt?: Date;
}

/**
 * The range alone, counted down from `estimatedAt` to `now` (the time since has been waited already).
 * @example waitRange(view) // 'about 4–6 min'
 */
export function waitRange(view: EstimateView, now: number = Date.now()): string {
  if (view.paused) return 'admission paused by the organiser';
  if (view.etaSeconds == null) return 'no estimate yet';
  const low = view.etaLowSeconds ?? view.etaSeconds;
  const high = view.etaHighSeconds ?? view.etaSeconds;
  const spent = view.estimatedAt ? Math.max(0, (now - view.estimatedAt.getTime()) / 1000) : 0;
  return aboutWait(low - spent, high - spent);
}

/**
 * The estimate as a phrase with its age.
 * @example describeWait(view) // 'about 4–6 min (updated 3 s ago)'
 */
export function describeWait(view: EstimateView, now: number = Date.now()): string {
  const range = waitRange(view, now);
  return view.estimatedAt && !view.paused && view.etaSeconds != null
    ? `${range} (${updatedAgo(view.estimatedAt, now)})`
    : range;
}
