/**
 * Draws a performance's seats by grade and status. Readable without colour: a free seat shows its number, a held
 * one "-", a sold one "x", chosen ones are wrapped in brackets. Colour only adds a hue per grade.
 */
import { findSection, sectionAvailability, type SeatLike, type SeatMap } from '@tix/sdk';
import { table, won, type Style } from './output.js';

const PER_ROW = 10;

interface GradeBlock {
  grade: string;
  price: number;
  seats: SeatLike[];
}

/** Grades in seat order (VIP rows first when the layout puts them first), each with its seats. */
function blocks(seats: readonly SeatLike[]): GradeBlock[] {
  const out: GradeBlock[] = [];
  for (const seat of [...seats].sort((a, b) => a.seatNo - b.seatNo)) {
    const last = out.at(-1);
    if (last && last.grade === seat.grade && last.price === seat.price) last.seats.push(seat);
    else out.push({ grade: seat.grade, price: seat.price, seats: [seat] });
  }
  return out;
}

export function freeCount(seats: readonly SeatLike[]): number {
  return seats.filter((s) => s.status === 'AVAILABLE').length;
}

export function renderSeatMap(
  seats: readonly SeatLike[],
  style: Style,
  chosen: readonly number[] = [],
): string {
  if (seats.length === 0) return '(this date has no seats)';
  const width = String(Math.max(...seats.map((s) => s.seatNo))).length + 2;
  const hues = [style.magenta, style.cyan, style.green, style.blue, style.yellow];
  const picked = new Set(chosen);
  const lines: string[] = [];
  const grades = blocks(seats);
  const labelWidth = Math.max(...grades.map((g) => g.grade.length));
  const priceWidth = Math.max(...grades.map((g) => won(g.price).length));

  grades.forEach((block, i) => {
    const hue = hues[i % hues.length]!;
    const free = freeCount(block.seats);
    lines.push(
      `${hue(style.bold(block.grade.padEnd(labelWidth)))}  ${won(block.price).padStart(priceWidth)}  ${style.dim(`${free} of ${block.seats.length} free`)}`,
    );
    for (let start = 0; start < block.seats.length; start += PER_ROW) {
      const cells = block.seats.slice(start, start + PER_ROW).map((seat) => {
        if (picked.has(seat.seatNo)) return style.inverse(`[${seat.seatNo}]`.padStart(width));
        if (seat.status === 'AVAILABLE') return hue(String(seat.seatNo).padStart(width));
        if (seat.status === 'MINE') return style.green('*'.padStart(width));
        return style.red(style.dim('x'.padStart(width)));
      });
      lines.push(`${' '.repeat(labelWidth)}${cells.join('')}`);
    }
  });
  lines.push('');
  lines.push(
    style.dim(
      `legend: 12 = free seat number   x = taken   * = yours${chosen.length ? '   [12] = yours' : ''}`,
    ),
  );
  return lines.join('\n');
}

/** One line per section: its id, name, grade and free places (seats, or a standing area's count). */
export function renderSections(map: SeatMap, style: Style): string {
  const counts = sectionAvailability(map.layout, map.availability);
  const prices = new Map(map.layout.grades.map((g) => [g.grade, g.price]));
  return table(
    ['section', 'name', 'kind', 'grade', 'price', 'free'],
    map.layout.sections.map((s) => {
      const c = counts.get(s.sectionId) ?? { available: 0, total: 0 };
      const free = `${c.available} of ${c.total}`;
      return [
        s.sectionId,
        s.name,
        s.kind === 'STANDING' ? 'standing' : 'seated',
        s.grade,
        won(prices.get(s.grade) ?? 0),
        c.available === 0 ? style.red('sold out') : free,
      ];
    }),
    style,
  );
}

/** One section's rows: each row's label, then its seats (free ones by seat label, "x" taken, "*" yours). */
export function renderSection(map: SeatMap, sectionId: string, style: Style): string | null {
  const section = findSection(map.layout, sectionId);
  if (!section) return null;
  if (section.kind === 'STANDING') {
    const area = map.availability.standing.find((a) => a.sectionId === section.sectionId);
    return `${style.bold(section.name)}: standing, ${area?.available ?? 0} of ${section.capacity} places free (buy with \`--standing ${section.sectionId} --count N\`)`;
  }
  const bySeat = new Map(map.seats.map((s) => [s.seatNo, s]));
  const width = Math.max(...section.rows.map((r) => String(r.count).length)) + 1;
  const rowWidth = Math.max(...section.rows.map((r) => r.label.length));
  const lines = [`${style.bold(section.name)} (labels ${section.sectionId}-<row>-<seat>)`];
  for (const row of section.rows) {
    const cells = Array.from({ length: row.count }, (_, i) => {
      const seat = bySeat.get(row.firstSeatNo + i);
      const label = row.seatLabels?.[i] ?? String(i + 1);
      if (seat?.status === 'AVAILABLE') return label.padStart(width);
      if (seat?.status === 'MINE') return style.green('*'.padStart(width));
      return style.red(style.dim('x'.padStart(width)));
    });
    lines.push(`${style.dim(row.label.padStart(rowWidth))} ${cells.join('')}`);
  }
  lines.push('', style.dim('legend: 7 = free seat 7 of the row   x = taken   * = yours'));
  return lines.join('\n');
}
