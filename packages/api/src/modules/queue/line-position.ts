/**
 * A place in line worked out from the line's changes (queue-line.ts) instead of read again: the position an exact
 * read gave, less the people let in ahead, less those who left ahead, plus those who joined ahead. A change that may
 * concern the place itself (its own admission or departure, or a score equal to its own) asks for an exact read
 * instead: the holder's own status is never guessed.
 */
import type { LineBatch, LineChange } from './queue-line.js';

/** A batch of changes summed up once per server, so each place costs a few binary searches, not a walk. */
export interface LineSummary {
  from: number;
  to: number;
  admitted: number;
  /** The highest order score let in (−∞ when nobody was). */
  upTo: number;
  removed: Float64Array;
  inserted: Float64Array;
  changes: LineChange[];
}

/** A WAITING place: its order score, position (1 = next), and the line change that position reflects. */
export interface LinePlace {
  order: number;
  position: number;
  at: number;
}

const sorted = (values: number[]) => Float64Array.from(values).sort();

export function summarize({ from, changes }: LineBatch): LineSummary {
  let admitted = 0;
  let upTo = Number.NEGATIVE_INFINITY;
  const removed: number[] = [];
  const inserted: number[] = [];
  for (const change of changes) {
    if (change.kind === 'admit') {
      admitted += change.count;
      upTo = Math.max(upTo, change.upTo);
    } else (change.kind === 'remove' ? removed : inserted).push(change.score);
  }
  return {
    from,
    to: from + changes.length - 1,
    admitted,
    upTo,
    removed: sorted(removed),
    inserted: sorted(inserted),
    changes,
  };
}

/** How many values are below `x`, and whether `x` itself is among them. */
function below(values: Float64Array, x: number): { count: number; equal: boolean } {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return { count: lo, equal: values[lo] === x };
}

/** The move one change makes to a place, or null when it may concern the place itself. */
function moveBy(change: LineChange, order: number): number | null {
  if (change.kind === 'admit') return order > change.upTo ? -change.count : null;
  if (change.score === order) return null;
  if (change.score > order) return 0;
  return change.kind === 'remove' ? -1 : 1;
}

function moveBySummary(summary: LineSummary, order: number): number | null {
  if (summary.admitted > 0 && order <= summary.upTo) return null;
  const removed = below(summary.removed, order);
  const inserted = below(summary.inserted, order);
  if (removed.equal || inserted.equal) return null;
  return inserted.count - removed.count - summary.admitted;
}

/** The summary may concern the place itself (let in, left, or a change at its score): it needs an exact read. */
export function concernsPlace(summary: LineSummary, order: number): boolean {
  return moveBySummary(summary, order) === null;
}

/**
 * The place after the summaries (consecutive, oldest first), or null when an exact read is needed: a change may
 * concern the place itself, or the summaries no longer reach back to the place's last change.
 */
export function advancePlace(place: LinePlace, summaries: readonly LineSummary[]): LinePlace | null {
  let { position, at } = place;
  // The first summary with something the place has not seen (usually the last one or two).
  let i = summaries.length;
  while (i > 0 && summaries[i - 1]!.to > at) i -= 1;
  for (; i < summaries.length; i++) {
    const summary = summaries[i]!;
    if (summary.from > at + 1) return null;
    if (summary.from === at + 1) {
      const move = moveBySummary(summary, place.order);
      if (move === null) return null;
      position += move;
    } else {
      // The place was read in the middle of this batch: only the changes after it count.
      for (const change of summary.changes.slice(at + 1 - summary.from)) {
        const move = moveBy(change, place.order);
        if (move === null) return null;
        position += move;
      }
    }
    at = summary.to;
  }
  return position >= 1 ? { order: place.order, position, at } : null;
}
