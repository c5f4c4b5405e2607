/**
 * How `tix buy` turns flags or answers into seats to hold: numbers, ranges and labels checked against the map (so a
 * message can name the seat at fault), or the server's best N, optionally in one section.
 */
import type { SeatLike, SeatView } from '@tix/sdk';
import { seatList } from './action.js';
import type { Ctx } from './context.js';
import { CliError, ExitCode } from './errors.js';
import { seatWords, when } from './output.js';
import { askUntil } from './prompt.js';
import type { HoldRequest } from './purchase-steps.js';
import type { PerformanceRef } from './resolve.js';
import { freeCount, renderSeatMap } from './seat-map.js';

export interface NamedSeats {
  numbers: number[];
  /** "A-12-7": section, row and seat; the server resolves them. */
  labels: string[];
}

/** --seats: numbers and ranges (12,13 or 12-14) and seat labels (A-12-7, FLOOR-B-3-10) alike. */
export function namedSeats(list: string): NamedSeats {
  const parts = list.split(/[\s,]+/).filter(Boolean);
  const isLabel = (p: string) => p.split('-').length >= 3;
  const numbers = parts.filter((p) => !isLabel(p));
  return { numbers: numbers.length > 0 ? seatList(numbers) : [], labels: parts.filter(isLabel) };
}

/** Seats named by --seats, checked against the map so the message can say which seat is the problem. */
export function checkNamedSeats(seats: readonly SeatLike[], wanted: number[]): number[] {
  const byNo = new Map(seats.map((s) => [s.seatNo, s]));
  const missing = wanted.filter((n) => !byNo.has(n));
  if (missing.length)
    throw new CliError(
      `No ${seatWords(missing).toLowerCase()} on this date (seats are 1..${seats.length}).`,
      ExitCode.NOT_FOUND,
      'SEAT_NOT_FOUND',
    );
  const taken = wanted.filter((n) => byNo.get(n)?.status !== 'AVAILABLE');
  if (taken.length) {
    throw new CliError(
      `${seatWords(taken)} ${taken.length === 1 ? 'is' : 'are'} already taken; ${freeCount(seats)} seats are free. Choose others (\`tix seats\`), or use --best ${wanted.length}.`,
      ExitCode.SOLD_OUT,
      'SEAT_UNAVAILABLE',
    );
  }
  return wanted;
}

function soldOut(free: number, wanted: number): CliError {
  return new CliError(
    free === 0
      ? 'Sold out: no seats are free on this date. Try another date (`tix dates`).'
      : `Only ${free} seat${free === 1 ? ' is' : 's are'} free on this date, not ${wanted}. Try fewer seats or another date.`,
    ExitCode.SOLD_OUT,
    'SOLD_OUT',
  );
}

/**
 * The server's `count` best seats (the SDK's `bestSeats`, via holdSeats), optionally of one section; the count is
 * checked here first so a sold-out date says how many are left.
 */
export function best(seats: readonly SeatView[], count: number, section?: string): HoldRequest {
  const inSection = section
    ? seats.filter((s) => s.sectionId.toUpperCase() === section.toUpperCase())
    : seats;
  if (freeCount(inSection) < count) throw soldOut(freeCount(inSection), count);
  return { best: { count, ...(section ? { sectionId: section } : {}) } };
}

/** Shows the map and asks for seat numbers or "best N" until the answer names free seats. */
export function askSeats(ctx: Ctx, perf: PerformanceRef, seats: readonly SeatView[]): Promise<HoldRequest> {
  const free = freeCount(seats);
  if (free === 0) throw soldOut(0, 1);
  ctx.print(
    `\n${ctx.style.bold(perf.concertTitle)} · ${when(perf.startsAt)} · ${free} of ${seats.length} free\n`,
  );
  ctx.print(renderSeatMap(seats, ctx.style));
  return askUntil(
    'Seats (e.g. 12,13 or "best 2"): ',
    (answer) => {
      const wantsBest = /^best\s*(\d+)$/i.exec(answer);
      return wantsBest
        ? best(seats, Number(wantsBest[1]))
        : { seatNos: checkNamedSeats(seats, seatList([answer])) };
    },
    ctx.style,
  );
}
