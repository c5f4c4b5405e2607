/**
 * When a hold is live and when a seat is free, written once: each rule as a SQL expression for queries and as its
 * TypeScript twin for rows already read. A hold lasts until its expiry instant, exclusive: at `expires_at` itself
 * it has run out. A seat whose hold has run out is free at once, before any sweeper has released it, so every read
 * and every write decides by the clock, never by whether the sweeper has run.
 */
import type { SeatStatus } from '@tix/db';
import { sql, type RawBuilder } from 'kysely';

/** The names a query gives the reservations and seats tables. */
type ReservationsRef = 'reservations' | 'r';
type SeatsRef = 'seats' | 's';

/** HELD, with time left (`live`) or with its time up: the one place the expiry boundary is spelt in SQL. */
function held(status: string, expiry: string, now: Date, live: boolean): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(status)} = 'HELD' AND ${sql.ref(expiry)} ${sql.raw(live ? '>' : '<=')} ${now})`;
}

/** Its twin for values already read. */
function timeIsUp(expiresAt: Date | null, now: Date): boolean {
  // By getTime(): `<=` on two Dates converts each through valueOf's generic path, the top self-time frame of a
  // seat-map read in the profile (bench/results/hot-seat-seats-2026-12-07.md).
  return expiresAt !== null && expiresAt.getTime() <= now.getTime();
}

/** A reservation that is HELD and whose time is not up. */
export function holdIsLive(now: Date, table: ReservationsRef = 'reservations'): RawBuilder<boolean> {
  return held(`${table}.status`, `${table}.expires_at`, now, true);
}

/** A reservation still marked HELD whose time is up: EXPIRED in all but name. */
export function holdHasRunOut(now: Date, table: ReservationsRef = 'reservations'): RawBuilder<boolean> {
  return held(`${table}.status`, `${table}.expires_at`, now, false);
}

export function hasHoldRunOut(r: { status: string; expires_at: Date }, now: Date): boolean {
  return r.status === 'HELD' && timeIsUp(r.expires_at, now);
}

/** A seat anyone may take now: AVAILABLE, or HELD by a hold whose time is up. */
export function seatIsFree(now: Date, table: SeatsRef = 'seats'): RawBuilder<boolean> {
  const runOut = held(`${table}.status`, `${table}.hold_expires_at`, now, false);
  return sql<boolean>`(${sql.ref(`${table}.status`)} = 'AVAILABLE' OR ${runOut})`;
}

export function isSeatFree(s: { status: SeatStatus; hold_expires_at: Date | null }, now: Date): boolean {
  return s.status === 'AVAILABLE' || (s.status === 'HELD' && timeIsUp(s.hold_expires_at, now));
}

/** A seat held by a hold still running (the seat carries a copy of its reservation's expiry). */
export function seatIsHeld(now: Date, table: SeatsRef = 'seats'): RawBuilder<boolean> {
  return held(`${table}.status`, `${table}.hold_expires_at`, now, true);
}
