/**
 * Live availability on the client: decode `concert.seats`, apply `concert.seatEvents`, and find seats by number or
 * label in `concert.layout`. Pure functions over plain data; the state is never mutated, a change returns a new one.
 *
 * @example
 * const layout = await tix.concert.layout.query({ performanceId });
 * let state = decodeAvailability(await tix.concert.seats.query({ performanceId }));
 * tix.concert.seatEvents.subscribe({ performanceId }, { onData: (e) => (state = applySeatEvent(state, e)) });
 * isSeatAvailable(state, findSeatByLabel(layout, 'A-12-7')!.seatNo);
 */
import {
  bitIsSet,
  bitmapFromBase64,
  countSet,
  setBit,
  type LayoutLike,
  type SeatAvailability,
  type SeatAvailabilityEvent,
  type VenueLayout,
} from '@tix/api/venue';

export type {
  HeldSeat,
  HeldStanding,
  LayoutRow,
  LayoutSection,
  LayoutTemplateId,
  LayoutTemplateSummary,
  LocatedSeat,
  MapBox,
  SeatAvailability,
  SeatAvailabilityEvent,
  SeatedSection,
  SectionSpec,
  StandingArea,
  VenueLayout,
  VenueSpec,
} from '@tix/api/venue';
export { findSeatByLabel, findSection, locateSeat, seatLabel } from '@tix/api/venue';

/** A performance's availability, decoded: what the helpers below read and return. */
export interface DecodedAvailability {
  performanceId: string;
  version: number;
  seatsTotal: number;
  /** Bit (seatNo-1) set when the seat is available; never mutated by these helpers. */
  bits: Uint8Array;
  standing: { sectionId: string; capacity: number; available: number }[];
  mine: SeatAvailability['mine'];
}

/**
 * Decodes a `concert.seats` answer (or the snapshot that starts every `concert.seatEvents` stream).
 *
 * @example
 * const state = decodeAvailability(await tix.concert.seats.query({ performanceId }));
 */
export function decodeAvailability(a: SeatAvailability): DecodedAvailability {
  return {
    performanceId: a.performanceId,
    version: a.version,
    seatsTotal: a.seatsTotal,
    bits: bitmapFromBase64(a.available, a.seatsTotal),
    standing: a.standing.map((s) => ({ ...s })),
    mine: { seatNos: [...a.mine.seatNos], standing: a.mine.standing.map((s) => ({ ...s })) },
  };
}

/**
 * True when the seat is available now.
 *
 * @example
 * if (isSeatAvailable(state, 12)) await tix.reservation.hold.mutate({ performanceId, seatNos: [12] });
 */
export function isSeatAvailable(decoded: DecodedAvailability, seatNo: number): boolean {
  return seatNo >= 1 && seatNo <= decoded.seatsTotal && bitIsSet(decoded.bits, seatNo);
}

/**
 * The state after one `concert.seatEvents` event. A snapshot event replaces the state (unless it is older); any
 * other event at or below the state's version is already in it and changes nothing (the same object comes back).
 * `mine` is the caller's own places: events do not carry them, snapshots do.
 *
 * @example
 * state = applySeatEvent(state, event);
 */
export function applySeatEvent(
  decoded: DecodedAvailability,
  event: SeatAvailabilityEvent,
): DecodedAvailability {
  if (event.snapshot) {
    return event.snapshot.version >= decoded.version ? decodeAvailability(event.snapshot) : decoded;
  }
  if (event.version <= decoded.version) return decoded;
  const bits = decoded.bits.slice();
  for (const seat of event.seats) setBit(bits, seat.seatNo, seat.available);
  const changed = new Map(event.standing.map((s) => [s.sectionId, s.available]));
  const standing = decoded.standing.map((s) =>
    changed.has(s.sectionId) ? { ...s, available: changed.get(s.sectionId)! } : s,
  );
  return { ...decoded, version: event.version, bits, standing };
}

/**
 * True when `event` skips a version after the state's (an event was lost, e.g. pub/sub dropped it while a server
 * reconnected): applying it would leave the missed change out, so read `concert.seats` again instead. Snapshots
 * never skip, and a state read without a change count (version 0, straight from PostgreSQL) cannot tell.
 *
 * @example
 * if (seatEventGap(state, event)) state = decodeAvailability(await tix.concert.seats.query({ performanceId }));
 * else state = applySeatEvent(state, event);
 */
export function seatEventGap(decoded: DecodedAvailability, event: SeatAvailabilityEvent): boolean {
  return !event.snapshot && decoded.version > 0 && event.version > decoded.version + 1;
}

/**
 * Free places per section: available seats of a seated section, available places of a standing area.
 *
 * @example
 * sectionAvailability(layout, state).get('A'); // { available: 118, total: 120 }
 */
export function sectionAvailability(
  layout: LayoutLike,
  decoded: DecodedAvailability,
): Map<string, { available: number; total: number }> {
  const counts = new Map<string, { available: number; total: number }>();
  for (const section of layout.sections) {
    if (section.kind === 'STANDING') {
      const area = decoded.standing.find((s) => s.sectionId === section.sectionId);
      counts.set(section.sectionId, { available: area?.available ?? 0, total: section.capacity });
      continue;
    }
    let available = 0;
    let total = 0;
    for (const row of section.rows) {
      available += countSet(decoded.bits, row.firstSeatNo, row.firstSeatNo + row.count - 1);
      total += row.count;
    }
    counts.set(section.sectionId, { available, total });
  }
  return counts;
}

/** One seat of a layout with its price and what the caller may do with it now. */
export interface SeatView {
  seatNo: number;
  /** "A-12-7" */
  label: string;
  sectionId: string;
  rowLabel: string;
  grade: string;
  price: number;
  accessible: boolean;
  /** TAKEN is someone else's (held or sold); MINE is held or bought by the caller. */
  status: 'AVAILABLE' | 'TAKEN' | 'MINE';
}

/**
 * Every seat of a layout, in seatNo order, with its price and status: what a list or text seat map shows.
 *
 * @example
 * const seats = seatViews(layout, decodeAvailability(await tix.concert.seats.query({ performanceId })));
 * seats.filter((s) => s.status === 'AVAILABLE' && s.sectionId === 'A').length;
 */
export function seatViews(layout: VenueLayout, decoded: DecodedAvailability): SeatView[] {
  const prices = new Map(layout.grades.map((g) => [g.grade, g.price]));
  const mine = new Set(decoded.mine.seatNos);
  const out: SeatView[] = [];
  for (const section of layout.sections) {
    if (section.kind !== 'SEATED') continue;
    for (const row of section.rows) {
      for (let i = 0; i < row.count; i++) {
        const seatNo = row.firstSeatNo + i;
        const grade = row.grades?.[i] ?? section.grade;
        const seatLabel = row.seatLabels?.[i] ?? String(i + 1);
        out.push({
          seatNo,
          label: `${section.sectionId}-${row.label}-${seatLabel}`,
          sectionId: section.sectionId,
          rowLabel: row.label,
          grade,
          price: prices.get(grade) ?? 0,
          accessible: row.accessible?.includes(i) ?? false,
          status: isSeatAvailable(decoded, seatNo) ? 'AVAILABLE' : mine.has(seatNo) ? 'MINE' : 'TAKEN',
        });
      }
    }
  }
  return out.sort((a, b) => a.seatNo - b.seatNo);
}
