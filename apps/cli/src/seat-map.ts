/**
 * Draws a performance's seats by grade and status. Readable without colour: a free seat shows its number, a held
 * one "-", a sold one "x", chosen ones are wrapped in brackets. Colour only adds a hue per grade.
 */
import type { SeatLike } from '@tix/sdk';
import { won, type Style } from './output.js';

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
        if (seat.status === 'HELD') return style.yellow(style.dim('-'.padStart(width)));
        return style.red(style.dim('x'.padStart(width)));
      });
      lines.push(`${' '.repeat(labelWidth)}${cells.join('')}`);
    }
  });
  lines.push('');
  lines.push(
    style.dim(`legend: 12 = free seat number   - = held   x = sold${chosen.length ? '   [12] = yours' : ''}`),
  );
  return lines.join('\n');
}
