/**
 * The venue contract as the web sees it (docs/api.md, concert.layout / concert.seats / concert.seatEvents) and the
 * pure availability helpers. Until the SDK ships them this file holds a copy in the contract's shape.
 */
export interface LayoutRow {
  label: string;
  firstSeatNo: number;
  count: number;
  x: number;
  y: number;
  dx: number;
  dy: number;
  seatLabels?: string[];
  grades?: (string | null)[];
  accessible?: number[];
}
export interface SeatedSection {
  kind: 'SEATED';
  sectionId: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  grade: string;
  rows: LayoutRow[];
}
export interface StandingArea {
  kind: 'STANDING';
  sectionId: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  grade: string;
  capacity: number;
}
export type LayoutSection = SeatedSection | StandingArea;
export interface VenueLayout {
  performanceId: string;
  layoutId: string;
  version: string;
  name: string;
  width: number;
  height: number;
  seatsTotal: number;
  grades: { grade: string; price: number }[];
  sections: LayoutSection[];
  stage?: { x: number; y: number; width: number; height: number };
}
export interface SeatAvailability {
  performanceId: string;
  version: number;
  seatsTotal: number;
  available: string;
  standing: { sectionId: string; capacity: number; available: number }[];
  mine: { seatNos: number[]; standing: { sectionId: string; count: number }[] };
}
export interface SeatEvent {
  version: number;
  seats: { seatNo: number; available: boolean }[];
  standing: { sectionId: string; available: number }[];
  snapshot?: SeatAvailability;
}
export interface DecodedAvailability {
  performanceId: string;
  version: number;
  seatsTotal: number;
  bits: Uint8Array;
  standing: { sectionId: string; capacity: number; available: number }[];
  mine: SeatAvailability['mine'];
}

export function decodeAvailability(a: SeatAvailability): DecodedAvailability {
  const raw = atob(a.available);
  const bits = new Uint8Array(Math.ceil(a.seatsTotal / 8));
  for (let i = 0; i < bits.length && i < raw.length; i++) bits[i] = raw.charCodeAt(i);
  return {
    performanceId: a.performanceId,
    version: a.version,
    seatsTotal: a.seatsTotal,
    bits,
    standing: a.standing.map((s) => ({ ...s })),
    mine: a.mine,
  };
}

export function isSeatAvailable(d: DecodedAvailability, seatNo: number): boolean {
  const i = seatNo - 1;
  return ((d.bits[i >> 3] ?? 0) & (1 << (i & 7))) !== 0;
}

export function applySeatEvent(d: DecodedAvailability, event: SeatEvent): DecodedAvailability {
  if (event.snapshot) return event.snapshot.version >= d.version ? decodeAvailability(event.snapshot) : d;
  if (event.version <= d.version) return d;
  const bits = d.bits.slice();
  for (const s of event.seats) {
    const i = s.seatNo - 1;
    if (s.available) bits[i >> 3]! |= 1 << (i & 7);
    else bits[i >> 3]! &= ~(1 << (i & 7));
  }
  const changed = new Map(event.standing.map((s) => [s.sectionId, s.available]));
  const standing = d.standing.map((s) =>
    changed.has(s.sectionId) ? { ...s, available: changed.get(s.sectionId)! } : s,
  );
  return { ...d, version: event.version, bits, standing };
}

export function sectionAvailability(
  layout: VenueLayout,
  d: DecodedAvailability,
): Map<string, { available: number; total: number }> {
  const counts = new Map<string, { available: number; total: number }>();
  for (const section of layout.sections) {
    if (section.kind === 'STANDING') {
      const area = d.standing.find((s) => s.sectionId === section.sectionId);
      counts.set(section.sectionId, { available: area?.available ?? 0, total: section.capacity });
      continue;
    }
    let available = 0;
    let total = 0;
    for (const row of section.rows) {
      for (let i = 0; i < row.count; i++) if (isSeatAvailable(d, row.firstSeatNo + i)) available++;
      total += row.count;
    }
    counts.set(section.sectionId, { available, total });
  }
  return counts;
}

export function seatLabel(layout: VenueLayout, seatNo: number): string | null {
  for (const section of layout.sections) {
    if (section.kind !== 'SEATED') continue;
    for (const row of section.rows) {
      const i = seatNo - row.firstSeatNo;
      if (i >= 0 && i < row.count)
        return `${section.sectionId}-${row.label}-${row.seatLabels?.[i] ?? String(i + 1)}`;
    }
  }
  return null;
}
