/**
 * The seat map as a moment shows it (every place with its status and holder), worked out once per decoded snapshot
 * instead of once per read. A decoded snapshot never changes (a change is a new one, found by the change count
 * every read still asks Redis for), so what it shows can only move with the clock: a HELD seat turns free at its
 * expiry. A view is therefore kept for the span from the moment it was worked out to the first expiry after that
 * moment, and worked out again outside it. At 1,000 seats that walk (an object per seat, the expiry rule per seat)
 * was about half of a `concert.seats` call's CPU (bench/results/hot-seat-seats-2026-12-07.md).
 */
import type { SeatStatus } from '@tix/db';
import { isSeatFree } from '../reservation/hold-rules.js';
import type { SeatState } from './seat-availability.js';

export interface LayoutSeat {
  seat_no: number;
  grade: string;
  price: bigint;
}

export interface MapSeat extends LayoutSeat {
  status: SeatStatus;
  holder: string | null;
}

/** Shared by every read that gets it: callers must not change it. */
export type SeatMapSeats = readonly Readonly<MapSeat>[];

interface View {
  layout: readonly LayoutSeat[];
  /** The span it holds for, epoch ms: from the moment it was worked out to the first expiry after it. */
  from: number;
  until: number;
  seats: SeatMapSeats;
}

const views = new WeakMap<ReadonlyMap<number, SeatState>, View>();

/** Whether `states` has every seat of `layout`, remembered with the view (both never change). */
export function viewCovers(states: ReadonlyMap<number, SeatState>, layout: readonly LayoutSeat[]): boolean {
  if (views.get(states)?.layout === layout) return true;
  return layout.every((seat) => states.has(seat.seat_no));
}

/**
 * Every seat of `layout` as `states` show it at `now`. Kept per states object: a read straight from PostgreSQL
 * brings new objects each time, so its view is simply dropped with it.
 */
export function seatMapAt(
  states: ReadonlyMap<number, SeatState>,
  layout: readonly LayoutSeat[],
  now: Date,
): SeatMapSeats {
  const at = now.getTime();
  const kept = views.get(states);
  if (kept && kept.layout === layout && kept.from <= at && at < kept.until) return kept.seats;
  let until = Infinity;
  const seats = layout.map((seat) => {
    const state = states.get(seat.seat_no);
    // A seat PostgreSQL itself did not return cannot be taken; the layout and the seats table are one table.
    const free = !state || isSeatFree(state, now);
    if (!free && state.status === 'HELD' && state.hold_expires_at) {
      until = Math.min(until, state.hold_expires_at.getTime());
    }
    return {
      seat_no: seat.seat_no,
      grade: seat.grade,
      price: seat.price,
      status: free ? ('AVAILABLE' as const) : state.status,
      holder: free ? null : state.holder,
    };
  });
  views.set(states, { layout, from: at, until, seats });
  return seats;
}
