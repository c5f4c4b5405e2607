/**
 * Seats of a layout by number and by label ("A-12-7": section, row, seat). Pure and free of imports, so the SDK
 * re-exports it for browsers (`@tix/api/venue`) and the server resolves hold input with the very same code.
 */
import type { LayoutRow, LayoutSection, SeatedSection } from './venue.types.js';

/** Only the part of a layout these functions read: the server's built layouts and `concert.layout` answers alike. */
export interface LayoutLike {
  sections: readonly LayoutSection[];
}

/** One seat located on the map. */
export interface LocatedSeat {
  seatNo: number;
  /** "A-12-7" */
  label: string;
  section: SeatedSection;
  row: LayoutRow;
  /** The seat's 0-based index in its row. */
  index: number;
  seatLabel: string;
  grade: string;
  accessible: boolean;
  /** The seat's centre (map units). */
  x: number;
  y: number;
}

interface RowEntry {
  section: SeatedSection;
  row: LayoutRow;
}

interface SeatIndex {
  /** Rows sorted by firstSeatNo. */
  rows: RowEntry[];
  /** Upper-cased "<sectionId>\u0000<rowLabel>" → row. */
  byRow: Map<string, RowEntry>;
  /** Per row, its seats' upper-cased labels → index, built for rows with seatLabels only. */
  seatIndex: WeakMap<LayoutRow, Map<string, number>>;
}

const indexes = new WeakMap<LayoutLike, SeatIndex>();

function indexOf(layout: LayoutLike): SeatIndex {
  let index = indexes.get(layout);
  if (index) return index;
  const rows: RowEntry[] = [];
  const byRow = new Map<string, RowEntry>();
  for (const section of layout.sections) {
    if (section.kind !== 'SEATED') continue;
    for (const row of section.rows) {
      const entry = { section, row };
      rows.push(entry);
      byRow.set(rowKey(section.sectionId, row.label), entry);
    }
  }
  rows.sort((a, b) => a.row.firstSeatNo - b.row.firstSeatNo);
  index = { rows, byRow, seatIndex: new WeakMap() };
  indexes.set(layout, index);
  return index;
}

const rowKey = (sectionId: string, rowLabel: string) =>
  `${sectionId.trim().toUpperCase()}\u0000${rowLabel.trim().toUpperCase()}`;

function locate(entry: RowEntry, index: number): LocatedSeat {
  const { section, row } = entry;
  const seatLabel = row.seatLabels?.[index] ?? String(index + 1);
  return {
    seatNo: row.firstSeatNo + index,
    label: `${section.sectionId}-${row.label}-${seatLabel}`,
    section,
    row,
    index,
    seatLabel,
    grade: row.grades?.[index] ?? section.grade,
    accessible: row.accessible?.includes(index) ?? false,
    x: row.x + index * row.dx,
    y: row.y + index * row.dy,
  };
}

/**
 * The seat with this number, or null when the layout has none.
 *
 * @example
 * locateSeat(layout, 1)?.label; // "A-1-1"
 */
export function locateSeat(layout: LayoutLike, seatNo: number): LocatedSeat | null {
  const { rows } = indexOf(layout);
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const entry = rows[mid]!;
    if (seatNo < entry.row.firstSeatNo) hi = mid - 1;
    else if (seatNo >= entry.row.firstSeatNo + entry.row.count) lo = mid + 1;
    else return locate(entry, seatNo - entry.row.firstSeatNo);
  }
  return null;
}

/**
 * A seat's human label, "<sectionId>-<rowLabel>-<seatLabel>", or null when the layout has no such seat.
 *
 * @example
 * seatLabel(layout, 7); // "A-1-7"
 */
export function seatLabel(layout: LayoutLike, seatNo: number): string | null {
  return locateSeat(layout, seatNo)?.label ?? null;
}

/**
 * The seat a label names (case and surrounding spaces ignored), or null. Section ids may contain "-" ("FLOOR-B"),
 * row and seat labels may not, so the label is read from the right.
 *
 * @example
 * findSeatByLabel(layout, 'a-12-7')?.seatNo;
 */
export function findSeatByLabel(layout: LayoutLike, label: string): LocatedSeat | null {
  const parts = label.trim().split('-');
  if (parts.length < 3) return null;
  const seatPart = parts.pop()!.trim().toUpperCase();
  const rowPart = parts.pop()!;
  const entry = indexOf(layout).byRow.get(rowKey(parts.join('-'), rowPart));
  if (!entry) return null;
  const { row } = entry;
  if (!row.seatLabels) {
    const n = Number(seatPart);
    return /^\d+$/.test(seatPart) && n >= 1 && n <= row.count ? locate(entry, n - 1) : null;
  }
  const seats = indexOf(layout).seatIndex;
  let labels = seats.get(row);
  if (!labels) seats.set(row, (labels = new Map(row.seatLabels.map((l, i) => [l.trim().toUpperCase(), i]))));
  const i = labels.get(seatPart);
  return i === undefined ? null : locate(entry, i);
}

/** The section with this id (case ignored), seated or standing. */
export function findSection(layout: LayoutLike, sectionId: string): LayoutSection | null {
  const wanted = sectionId.trim().toUpperCase();
  return layout.sections.find((s) => s.sectionId.toUpperCase() === wanted) ?? null;
}

/** Every row of a layout with its section, in seatNo order. */
export function layoutRows(layout: LayoutLike): readonly RowEntry[] {
  return indexOf(layout).rows;
}
