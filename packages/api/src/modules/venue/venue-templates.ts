/**
 * The venues an operator can start from (`admin.createConcert` with `venue: { template }`, listed by
 * `admin.layoutTemplates`): a small hall (500 seats), an arena (10,000 seats around a 2,000-place standing floor)
 * and a stadium (50,000 seats in two rings around three standing areas on the field). Seats are 10 map units
 * apart; the stage is at the top of every map.
 */
import { buildLayout, summarize, type BuiltLayout } from './venue-layout.js';
import type {
  LayoutTemplateId,
  LayoutTemplateSummary,
  RowSpec,
  SeatedSectionSpec,
  SectionSpec,
  VenueSpec,
} from './venue.types.js';

const PITCH = 10;
const GAP = 20;

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

type Side = 'top' | 'bottom' | 'left' | 'right';

interface RingSide {
  side: Side;
  ids: string[];
  rows: number;
  seatsPerRow: number;
  grade: string;
  /** Rows (1-based, counted from the field) whose seats all carry this grade instead. */
  premium?: { grade: string; rows: number };
  /** 0-based seat indexes that are wheelchair-accessible in each section's last row. */
  accessibleLastRow?: number[];
}

/**
 * Sections along one side of `inner`, facing it: row 1 is nearest, seats run along the side. Top and bottom rows
 * are horizontal, left and right ones vertical.
 */
function sideSections(inner: Rect, spec: RingSide): SeatedSectionSpec[] {
  const depth = spec.rows * PITCH;
  const length = spec.seatsPerRow * PITCH;
  const horizontal = spec.side === 'top' || spec.side === 'bottom';
  const span = horizontal ? inner.width : inner.height;
  const used = spec.ids.length * length + (spec.ids.length - 1) * GAP;
  const start = (horizontal ? inner.x : inner.y) + (span - used) / 2;
  return spec.ids.map((sectionId, n) => {
    const along = start + n * (length + GAP);
    const box: Rect = horizontal
      ? {
          x: along,
          y: spec.side === 'top' ? inner.y - GAP - depth : inner.y + inner.height + GAP,
          width: length,
          height: depth,
        }
      : {
          x: spec.side === 'left' ? inner.x - GAP - depth : inner.x + inner.width + GAP,
          y: along,
          width: depth,
          height: length,
        };
    const rows = Array.from({ length: spec.rows }, (_, r): RowSpec => {
      // Distance of row r's seat centres from the box edge that faces the field.
      const fromField = (r + 0.5) * PITCH;
      const row: RowSpec = horizontal
        ? {
            label: String(r + 1),
            count: spec.seatsPerRow,
            x: box.x + PITCH / 2,
            y: spec.side === 'top' ? box.y + depth - fromField : box.y + fromField,
            dx: PITCH,
            dy: 0,
          }
        : {
            label: String(r + 1),
            count: spec.seatsPerRow,
            x: spec.side === 'left' ? box.x + depth - fromField : box.x + fromField,
            y: box.y + PITCH / 2,
            dx: 0,
            dy: PITCH,
          };
      if (spec.premium && r < spec.premium.rows)
        row.grades = new Array<string>(spec.seatsPerRow).fill(spec.premium.grade);
      if (spec.accessibleLastRow && r === spec.rows - 1) row.accessible = spec.accessibleLastRow;
      return row;
    });
    return { kind: 'SEATED', sectionId, name: `Section ${sectionId}`, ...box, grade: spec.grade, rows };
  });
}

/** The rectangle `by` units outside `rect` on every side. */
const grow = (rect: Rect, by: number): Rect => ({
  x: rect.x - by,
  y: rect.y - by,
  width: rect.width + 2 * by,
  height: rect.height + 2 * by,
});

const ids = (prefix: number, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => String(prefix + from + i));

function evenRows(count: number, seats: number): RowSpec[] {
  return Array.from({ length: count }, (_, i) => ({ label: String(i + 1), count: seats }));
}

function smallHall(): VenueSpec {
  const lastRow = evenRows(8, 20);
  lastRow[7] = { ...lastRow[7]!, accessible: [0, 1, 18, 19] };
  const sections: SectionSpec[] = [
    {
      kind: 'SEATED',
      sectionId: 'A',
      name: 'Section A',
      x: 250,
      y: 150,
      width: 500,
      height: 120,
      grade: 'VIP',
      rows: evenRows(6, 20),
    },
    {
      kind: 'SEATED',
      sectionId: 'B',
      name: 'Section B',
      x: 250,
      y: 300,
      width: 500,
      height: 160,
      grade: 'R',
      rows: lastRow,
    },
    {
      kind: 'SEATED',
      sectionId: 'L',
      name: 'Section L',
      x: 40,
      y: 150,
      width: 190,
      height: 310,
      grade: 'S',
      rows: evenRows(10, 11),
    },
    {
      kind: 'SEATED',
      sectionId: 'R',
      name: 'Section R',
      x: 770,
      y: 150,
      width: 190,
      height: 310,
      grade: 'S',
      rows: evenRows(10, 11),
    },
  ];
  return {
    name: 'Small hall',
    width: 1000,
    height: 480,
    stage: { x: 250, y: 30, width: 500, height: 90 },
    sections,
  };
}

function arena(): VenueSpec {
  // The floor is as long as four lower sections side by side.
  const floor: Rect = { x: 500, y: 300, width: 4 * 250 + 3 * GAP, height: 4 * 250 + 3 * GAP };
  const lower = {
    rows: 20,
    seatsPerRow: 25,
    grade: 'R',
    premium: { grade: 'VIP', rows: 3 },
    accessibleLastRow: [0, 1],
  };
  const upperRing = grow(floor, 20 * PITCH + 2 * GAP);
  const upper = { rows: 16, seatsPerRow: 25, grade: 'S' };
  const half = floor.height / 2;
  const sections: SectionSpec[] = [
    {
      kind: 'STANDING',
      sectionId: 'FLOOR-A',
      name: 'Floor A',
      x: floor.x,
      y: floor.y,
      width: floor.width,
      height: half - GAP / 2,
      grade: 'FLOOR',
      capacity: 1000,
    },
    {
      kind: 'STANDING',
      sectionId: 'FLOOR-B',
      name: 'Floor B',
      x: floor.x,
      y: floor.y + half + GAP / 2,
      width: floor.width,
      height: half - GAP / 2,
      grade: 'FLOOR',
      capacity: 1000,
    },
    ...sideSections(floor, { side: 'left', ids: ids(100, 1, 4), ...lower }),
    ...sideSections(floor, { side: 'bottom', ids: ids(100, 5, 4), ...lower }),
    ...sideSections(floor, { side: 'right', ids: ids(100, 9, 4), ...lower }),
    ...sideSections(upperRing, { side: 'left', ids: ids(200, 1, 3), ...upper }),
    ...sideSections(upperRing, { side: 'bottom', ids: ids(200, 4, 4), ...upper }),
    ...sideSections(upperRing, { side: 'right', ids: ids(200, 8, 3), ...upper }),
  ];
  return {
    name: 'Arena',
    width: 2060,
    height: 1860,
    stage: { x: 500, y: 120, width: 1060, height: 150 },
    sections,
  };
}

function stadium(): VenueSpec {
  // The field is as wide as six lower sections and as high as four.
  const field: Rect = { x: 700, y: 640, width: 6 * 400 + 5 * GAP, height: 4 * 400 + 3 * GAP };
  const lower = {
    rows: 30,
    seatsPerRow: 40,
    grade: 'R',
    premium: { grade: 'VIP', rows: 5 },
    accessibleLastRow: [0, 1, 38, 39],
  };
  const upperRing = grow(field, 30 * PITCH + 2 * GAP);
  const upper = { rows: 26, seatsPerRow: 50, grade: 'S' };
  const third = (field.width - 2 * GAP) / 3;
  const area = (n: number) => ({
    kind: 'STANDING' as const,
    sectionId: `FIELD-${'ABC'[n]!}`,
    name: `Field ${'ABC'[n]!}`,
    x: field.x + n * (third + GAP),
    y: field.y + 200,
    width: third,
    height: field.height - 200,
    grade: 'FIELD',
    capacity: 2000,
  });
  const sections: SectionSpec[] = [
    area(0),
    area(1),
    area(2),
    ...sideSections(field, { side: 'top', ids: ids(100, 1, 6), ...lower }),
    ...sideSections(field, { side: 'right', ids: ids(100, 7, 4), ...lower }),
    ...sideSections(field, { side: 'bottom', ids: ids(100, 11, 6), ...lower }),
    ...sideSections(field, { side: 'left', ids: ids(100, 17, 4), ...lower }),
    ...sideSections(upperRing, { side: 'top', ids: ids(200, 1, 6), ...upper }),
    ...sideSections(upperRing, { side: 'right', ids: ids(200, 7, 4), ...upper }),
    ...sideSections(upperRing, { side: 'bottom', ids: ids(200, 11, 6), ...upper }),
    ...sideSections(upperRing, { side: 'left', ids: ids(200, 17, 4), ...upper }),
  ];
  const stage = { x: field.x + field.width / 2 - 300, y: field.y + 20, width: 600, height: 150 };
  return { name: 'Stadium', width: 3900, height: 2940, stage, sections };
}

/** Each template's venue and its default prices (won); `admin.createConcert`'s `prices` override them. */
export const layoutTemplates: Record<
  LayoutTemplateId,
  { spec: () => VenueSpec; prices: Record<string, number> }
> = {
  'small-hall': { spec: smallHall, prices: { VIP: 150_000, R: 110_000, S: 80_000 } },
  arena: { spec: arena, prices: { VIP: 180_000, FLOOR: 150_000, R: 120_000, S: 90_000 } },
  stadium: { spec: stadium, prices: { VIP: 200_000, FIELD: 160_000, R: 130_000, S: 99_000 } },
};

export const layoutTemplateIds = Object.keys(layoutTemplates) as LayoutTemplateId[];

const built = new Map<LayoutTemplateId, BuiltLayout>();

/** A template's layout, built once per process (the stadium has 50,000 seats). */
export function templateLayout(template: LayoutTemplateId): BuiltLayout {
  let layout = built.get(template);
  if (!layout) built.set(template, (layout = buildLayout(layoutTemplates[template].spec())));
  return layout;
}

/** `admin.layoutTemplates`: every template with its sections, grades and seat counts. */
export function listLayoutTemplates(): LayoutTemplateSummary[] {
  return layoutTemplateIds.map((template) => ({
    template,
    ...summarize(templateLayout(template), layoutTemplates[template].prices),
  }));
}
