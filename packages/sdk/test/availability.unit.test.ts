import { describe, expect, it } from 'vitest';
import {
  applySeatEvent,
  decodeAvailability,
  findSeatByLabel,
  isSeatAvailable,
  locateSeat,
  seatEventGap,
  sectionAvailability,
  seatLabel,
  type SeatAvailability,
  type VenueLayout,
} from '../src/index.js';

const layout: VenueLayout = {
  performanceId: 'p',
  layoutId: 'l',
  version: 'v1',
  name: 'Test hall',
  width: 100,
  height: 100,
  seatsTotal: 10,
  grades: [
    { grade: 'VIP', price: 100 },
    { grade: 'R', price: 50 },
    { grade: 'GA', price: 30 },
  ],
  sections: [
    {
      kind: 'SEATED',
      sectionId: 'A',
      name: 'Section A',
      ...{ x: 0, y: 0, width: 50, height: 20 },
      grade: 'R',
      rows: [
        {
          label: '1',
          firstSeatNo: 1,
          count: 4,
          x: 5,
          y: 5,
          dx: 10,
          dy: 0,
          grades: ['VIP', null, null, 'VIP'],
        },
        { label: '2', firstSeatNo: 5, count: 3, x: 5, y: 15, dx: 10, dy: 0, accessible: [2] },
      ],
    },
    {
      kind: 'SEATED',
      sectionId: 'FLOOR-B',
      name: 'Floor B',
      ...{ x: 0, y: 30, width: 50, height: 10 },
      grade: 'R',
      rows: [
        {
          label: 'AA',
          firstSeatNo: 8,
          count: 3,
          x: 5,
          y: 35,
          dx: 0,
          dy: 2,
          seatLabels: ['101', '103', '105'],
        },
      ],
    },
    {
      kind: 'STANDING',
      sectionId: 'PIT',
      name: 'Pit',
      x: 60,
      y: 0,
      width: 40,
      height: 40,
      grade: 'GA',
      capacity: 100,
    },
  ],
};

/** Seats 1..10: 1, 2, 9 and 10 available. bits 0,1 → 0b11 = 3; bits 8,9 → byte 1 = 0b11 = 3. */
const answer: SeatAvailability = {
  performanceId: 'p',
  version: 40,
  seatsTotal: 10,
  available: btoa(String.fromCharCode(3, 3)),
  standing: [{ sectionId: 'PIT', capacity: 100, available: 60 }],
  mine: { seatNos: [3], standing: [{ sectionId: 'PIT', count: 2 }] },
};

describe('availability helpers (docs/api.md, "Venues")', () => {
  it('decodes the bitmap least significant bit first', () => {
    const state = decodeAvailability(answer);
    const free = Array.from({ length: 10 }, (_, i) => i + 1).filter((n) => isSeatAvailable(state, n));
    expect(free).toEqual([1, 2, 9, 10]);
    expect(isSeatAvailable(state, 0)).toBe(false);
    expect(isSeatAvailable(state, 11)).toBe(false);
    expect(state.mine).toEqual(answer.mine);
  });

  it('applies newer events and ignores ones at or below its version', () => {
    const state = decodeAvailability(answer);
    const next = applySeatEvent(state, {
      version: 41,
      seats: [
        { seatNo: 1, available: false },
        { seatNo: 5, available: true },
      ],
      standing: [{ sectionId: 'PIT', available: 58 }],
    });
    expect(isSeatAvailable(next, 1)).toBe(false);
    expect(isSeatAvailable(next, 5)).toBe(true);
    expect(next.standing[0]!.available).toBe(58);
    expect(next.version).toBe(41);
    // the old state is untouched
    expect(isSeatAvailable(state, 1)).toBe(true);
    const stale = { version: 41, seats: [{ seatNo: 2, available: false }], standing: [] };
    expect(applySeatEvent(next, stale)).toBe(next);
  });

  it('replaces its state with a snapshot event that is not older', () => {
    const state = decodeAvailability(answer);
    const snapshot = { ...answer, version: 50, available: btoa(String.fromCharCode(0, 0)) };
    const replaced = applySeatEvent(state, { version: 50, seats: [], standing: [], snapshot });
    expect(replaced.version).toBe(50);
    expect(isSeatAvailable(replaced, 1)).toBe(false);
    const older = { ...answer, version: 30 };
    expect(applySeatEvent(replaced, { version: 30, seats: [], standing: [], snapshot: older })).toBe(
      replaced,
    );
  });

  it('labels seats "<section>-<row>-<seat>" and finds them back, dashes in section ids included', () => {
    expect(seatLabel(layout, 1)).toBe('A-1-1');
    expect(seatLabel(layout, 7)).toBe('A-2-3');
    expect(seatLabel(layout, 9)).toBe('FLOOR-B-AA-103');
    expect(seatLabel(layout, 11)).toBeNull();
    expect(findSeatByLabel(layout, 'a-2-3')?.seatNo).toBe(7);
    expect(findSeatByLabel(layout, ' floor-b-aa-105 ')?.seatNo).toBe(10);
    expect(findSeatByLabel(layout, 'FLOOR-B-AA-2')).toBeNull();
    expect(findSeatByLabel(layout, 'A-1-5')).toBeNull();
    expect(findSeatByLabel(layout, 'A-1')).toBeNull();
  });

  it('locates a seat with its grade, accessibility and position', () => {
    expect(locateSeat(layout, 4)).toMatchObject({ grade: 'VIP', x: 35, y: 5, accessible: false });
    expect(locateSeat(layout, 2)).toMatchObject({ grade: 'R' });
    expect(locateSeat(layout, 7)).toMatchObject({ accessible: true, index: 2, seatLabel: '3' });
    expect(locateSeat(layout, 10)).toMatchObject({ x: 5, y: 39 });
  });

  it('counts free places per section', () => {
    const counts = sectionAvailability(layout, decodeAvailability(answer));
    expect(Object.fromEntries(counts)).toEqual({
      A: { available: 2, total: 7 },
      'FLOOR-B': { available: 2, total: 3 },
      PIT: { available: 60, total: 100 },
    });
  });

  it('tells a version skip (a lost event), but not for a snapshot or a state without a count', () => {
    const state = decodeAvailability(answer);
    const event = (version: number) => ({ version, seats: [], standing: [] });
    expect(seatEventGap(state, event(state.version + 1))).toBe(false);
    expect(seatEventGap(state, event(state.version))).toBe(false);
    expect(seatEventGap(state, event(state.version + 2))).toBe(true);
    expect(seatEventGap(state, { ...event(state.version + 5), snapshot: answer })).toBe(false);
    expect(seatEventGap({ ...state, version: 0 }, event(7))).toBe(false);
  });
});
