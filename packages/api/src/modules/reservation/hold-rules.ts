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

/** A reservation that is HELD and whose time is not up. */
export function holdIsLive(now: Date, table: ReservationsRef = 'reservations'): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${table}.status`)} = 'HELD' AND ${sql.ref(`${table}.expires_at`)} > ${now})`;
}

/** A reservation still marked HELD whose time is up: EXPIRED in all but name. */
export function holdHasRunOut(now: Date, table: ReservationsRef = 'reservations'): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${table}.status`)} = 'HELD' AND ${sql.ref(`${table}.expires_at`)} <= ${now})`;
}

export function hasHoldRunOut(r: { status: string; expires_at: Date }, now: Date): boolean {
  return r.status === 'HELD' && r.expires_at <= now;
}

/** A seat anyone may take now: AVAILABLE, or HELD by a hold whose time is up. */
export function seatIsFree(now: Date, table: SeatsRef = 'seats'): RawBuilder<boolean> {
  const status = sql.ref(`${table}.status`);
  return sql<boolean>`(${status} = 'AVAILABLE' OR (${status} = 'HELD' AND ${sql.ref(`${table}.hold_expires_at`)} <= ${now}))`;
}

export function isSeatFree(s: { status: SeatStatus; hold_expires_at: Date | null }, now: Date): boolean {
  return (
    s.status === 'AVAILABLE' ||
    (s.status === 'HELD' && s.hold_expires_at !== null && s.hold_expires_at <= now)
  );
}

/** A seat held by a hold still running (the seat's copy of its reservation's expiry). */
export function seatIsHeld(now: Date, table: SeatsRef = 'seats'): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${table}.status`)} = 'HELD' AND ${sql.ref(`${table}.hold_expires_at`)} > ${now})`;
}
