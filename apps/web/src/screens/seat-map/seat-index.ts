/**
 * One pass over the layout that turns rows into flat per-seat arrays (position, grade, section), so the overview can
 * paint or repaint any seat by its number without searching 50,000 seats.
 */
import type { LayoutRow, SeatedSection, VenueLayout } from '@tix/sdk';

/** Grade colours, in the layout's grade order; each is dark enough for white text and a 3:1 contrast on white. */
const palette = ['#6d28d9', '#1d4ed8', '#0e7490', '#047857', '#a16207', '#c2410c', '#be185d', '#4d7c0f'];
export const takenColour = '#c9ced8';
export const mineColour = '#111827';
export const selectedColour = '#f59e0b';

export interface GradeInfo {
  grade: string;
  price: number;
  colour: string;
}

export interface SeatIndex {
  layout: VenueLayout;
  grades: GradeInfo[];
  gradeOf: Map<string, GradeInfo>;
  /** Per seat, indexed by seatNo (slot 0 unused): the centre in map units, the grade's index, the section's index. */
  x: Float32Array;
  y: Float32Array;
  grade: Uint8Array;
  section: Uint16Array;
  seated: SeatedSection[];
}

export function buildSeatIndex(layout: VenueLayout): SeatIndex {
  const grades = layout.grades.map((g, i) => ({ ...g, colour: palette[i % palette.length] ?? '#334155' }));
  const gradeOf = new Map(grades.map((g) => [g.grade, g]));
  const gradeNo = new Map(grades.map((g, i) => [g.grade, i]));
  const n = layout.seatsTotal + 1;
  const index: SeatIndex = {
    layout,
    grades,
    gradeOf,
    x: new Float32Array(n),
    y: new Float32Array(n),
    grade: new Uint8Array(n),
    section: new Uint16Array(n),
    seated: layout.sections.filter((s): s is SeatedSection => s.kind === 'SEATED'),
  };
  index.seated.forEach((section, s) => {
    for (const row of section.rows) {
      for (let i = 0; i < row.count; i++) {
        const no = row.firstSeatNo + i;
        index.x[no] = row.x + i * row.dx;
        index.y[no] = row.y + i * row.dy;
        index.grade[no] = gradeNo.get(seatGrade(section, row, i)) ?? 0;
        index.section[no] = s;
      }
    }
  });
  return index;
}

export function seatGrade(section: SeatedSection, row: LayoutRow, i: number): string {
  return row.grades?.[i] ?? section.grade;
}

export function seatName(row: LayoutRow, i: number): string {
  return row.seatLabels?.[i] ?? String(i + 1);
}

/** "Section A, row 12, seat 7" for screen readers and the order bar. */
export function spokenSeat(section: SeatedSection, row: LayoutRow, i: number): string {
  return `${section.name}, row ${row.label}, seat ${seatName(row, i)}`;
}
