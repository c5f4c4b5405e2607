/**
 * The venue contract (docs/api.md, "Venues"): a performance's static layout (`concert.layout`), its live
 * availability (`concert.seats`) and the changes to it (`concert.seatEvents`). Plain data, so the SDK re-exports
 * these types and its pure helpers (packages/sdk/src/availability.ts) read them in a browser.
 */

/** A performance's map: fetched once per browser (strong ETag = `version`), unchanged until an operator edits it. */
export interface VenueLayout {
  performanceId: string;
  layoutId: string;
  /** Changes whenever anything in this answer changes (the ETag). */
  version: string;
  /** "Olympic Stadium" */
  name: string;
  /** Map units: the overview's viewBox is `0 0 width height`. */
  width: number;
  height: number;
  /** N: the seats are seatNo 1..N. Standing places are not seats. */
  seatsTotal: number;
  /** Price in won of each grade for this performance. */
  grades: { grade: string; price: number }[];
  sections: LayoutSection[];
  /** Where the stage is drawn, when the venue has one (map units). */
  stage?: MapBox;
}

export interface MapBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type LayoutSection = SeatedSection | StandingArea;

export interface SectionBox {
  /** Stable short code, also the label prefix: "A", "FLOOR-B", "201". */
  sectionId: string;
  /** "Section A", "Floor B" */
  name: string;
  /** The section's box on the map (map units). */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The default grade of its seats, or the grade of its standing places. */
  grade: string;
}

export interface SeatedSection extends SectionBox {
  kind: 'SEATED';
  rows: LayoutRow[];
}

export interface LayoutRow {
  /** "12", "AA"; never contains "-" (labels are "<sectionId>-<rowLabel>-<seatLabel>"). */
  label: string;
  /** Seat i (0-based) of this row is seatNo firstSeatNo + i. */
  firstSeatNo: number;
  count: number;
  /** The first seat's centre (map units); seat i is at (x + i*dx, y + i*dy). */
  x: number;
  y: number;
  dx: number;
  dy: number;
  /** When the seats are not labelled 1..count. */
  seatLabels?: string[];
  /** Per-seat grade overrides (null = the section's grade). */
  grades?: (string | null)[];
  /** 0-based indexes of wheelchair-accessible seats in this row. */
  accessible?: number[];
}

/** Places sold by count, not by seat. */
export interface StandingArea extends SectionBox {
  kind: 'STANDING';
  capacity: number;
}

/** `concert.seats`: compact and versioned, small enough to read often. */
export interface SeatAvailability {
  performanceId: string;
  /** Increases with every change to this performance's seats or standing places (see SeatAvailabilityEvent). */
  version: number;
  seatsTotal: number;
  /**
   * Base64 bitmap: bit (seatNo-1) is 1 when the seat is AVAILABLE; byte k holds seats 8k+1..8k+8, least
   * significant bit first.
   */
  available: string;
  standing: { sectionId: string; capacity: number; available: number }[];
  /** The caller's HELD and PAID places in this performance. */
  mine: { seatNos: number[]; standing: { sectionId: string; count: number }[] };
}

/**
 * One event of `concert.seatEvents`: `version` is the performance's availability version after the change. A
 * client holding availability at version v ignores events with `version <= v` and applies the others.
 * The first event of every stream is a snapshot (`snapshot` set: a whole SeatAvailability, `seats` and `standing`
 * empty); a client replaces its state with it, so a stream that (re)connects never leaves a gap.
 */
export interface SeatAvailabilityEvent {
  version: number;
  seats: { seatNo: number; available: boolean }[];
  /** The area's available count after the change. */
  standing: { sectionId: string; available: number }[];
  snapshot?: SeatAvailability;
}

/** What `reservation.hold` answers for each place, beside the reservation. */
export interface HeldSeat {
  seatNo: number;
  label: string;
  grade: string;
  price: number;
}
export interface HeldStanding {
  sectionId: string;
  name: string;
  count: number;
  price: number;
}

/** How an operator describes a venue (`admin.createConcert`'s `venue: { sections }`, and every template). */
export interface SeatedSectionSpec extends SectionBox {
  kind: 'SEATED';
  rows: RowSpec[];
}
export interface RowSpec {
  label: string;
  count: number;
  /** The first seat's centre and step; when absent, rows are spread evenly over the section's box. */
  x?: number;
  y?: number;
  dx?: number;
  dy?: number;
  seatLabels?: string[];
  grades?: (string | null)[];
  accessible?: number[];
}
export interface StandingAreaSpec extends SectionBox {
  kind: 'STANDING';
  capacity: number;
}
export type SectionSpec = SeatedSectionSpec | StandingAreaSpec;

export interface VenueSpec {
  name: string;
  width: number;
  height: number;
  stage?: MapBox;
  sections: SectionSpec[];
}

export type LayoutTemplateId = 'small-hall' | 'arena' | 'stadium';

/** One entry of `admin.layoutTemplates`. */
export interface LayoutTemplateSummary {
  template: LayoutTemplateId;
  name: string;
  width: number;
  height: number;
  seatsTotal: number;
  standingTotal: number;
  /** Default price (won) of each grade, with how many places carry it. */
  grades: { grade: string; price: number; places: number }[];
  sections: { sectionId: string; name: string; kind: 'SEATED' | 'STANDING'; grade: string; places: number }[];
}
