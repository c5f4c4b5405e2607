/**
 * Turns an operator's venue description (a template or a list of sections) into the layout `concert.layout`
 * serves: each seated section gets a contiguous range of seatNos, row by row, in the order given, and every row a
 * position on the map. Pure: the same spec always gives the same layout.
 */
import type {
  LayoutRow,
  LayoutSection,
  LayoutTemplateSummary,
  MapBox,
  RowSpec,
  SeatedSectionSpec,
  VenueSpec,
} from './venue.types.js';

export interface BuiltLayout {
  name: string;
  width: number;
  height: number;
  seatsTotal: number;
  sections: LayoutSection[];
  stage?: MapBox;
}

/** A row without a position of its own is placed on an even grid over its section's box. */
function placeRow(
  section: SeatedSectionSpec,
  row: RowSpec,
  index: number,
): Pick<LayoutRow, 'x' | 'y' | 'dx' | 'dy'> {
  if (row.x !== undefined && row.y !== undefined) {
    return { x: row.x, y: row.y, dx: row.dx ?? 0, dy: row.dy ?? 0 };
  }
  const widest = Math.max(...section.rows.map((r) => r.count));
  const pitchX = section.width / widest;
  const pitchY = section.height / section.rows.length;
  return {
    x: round(section.x + (section.width - row.count * pitchX) / 2 + pitchX / 2),
    y: round(section.y + (index + 0.5) * pitchY),
    dx: round(pitchX),
    dy: 0,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

export function buildLayout(spec: VenueSpec): BuiltLayout {
  let next = 1;
  const sections = spec.sections.map((section): LayoutSection => {
    if (section.kind === 'STANDING') return { ...section };
    const rows = section.rows.map((row, i): LayoutRow => {
      const built: LayoutRow = {
        label: row.label,
        firstSeatNo: next,
        count: row.count,
        ...placeRow(section, row, i),
      };
      if (row.seatLabels) built.seatLabels = row.seatLabels;
      if (row.grades) built.grades = row.grades;
      if (row.accessible && row.accessible.length > 0) built.accessible = row.accessible;
      next += row.count;
      return built;
    });
    return { ...section, rows };
  });
  const layout: BuiltLayout = {
    name: spec.name,
    width: spec.width,
    height: spec.height,
    seatsTotal: next - 1,
    sections,
  };
  if (spec.stage) layout.stage = spec.stage;
  return layout;
}

/** Every seat's grade in seatNo order (index 0 is seat 1): the section's grade unless the row overrides it. */
export function seatGrades(layout: Pick<BuiltLayout, 'sections' | 'seatsTotal'>): string[] {
  const grades = new Array<string>(layout.seatsTotal);
  for (const section of layout.sections) {
    if (section.kind !== 'SEATED') continue;
    for (const row of section.rows) {
      for (let i = 0; i < row.count; i++) grades[row.firstSeatNo - 1 + i] = row.grades?.[i] ?? section.grade;
    }
  }
  return grades;
}

/** The grades a layout uses (seats and standing), in first-use order. */
export function layoutGrades(layout: Pick<BuiltLayout, 'sections' | 'seatsTotal'>): string[] {
  const grades = new Set<string>();
  for (const section of layout.sections) {
    grades.add(section.grade);
    if (section.kind === 'SEATED')
      for (const row of section.rows) for (const g of row.grades ?? []) if (g) grades.add(g);
  }
  return [...grades];
}

/** What `admin.layoutTemplates` shows of one layout. */
export function summarize(
  layout: BuiltLayout,
  prices: Record<string, number>,
): Omit<LayoutTemplateSummary, 'template'> {
  const places = new Map<string, number>();
  const add = (grade: string, n: number) => places.set(grade, (places.get(grade) ?? 0) + n);
  for (const grade of seatGrades(layout)) add(grade, 1);
  let standingTotal = 0;
  for (const section of layout.sections) {
    if (section.kind === 'STANDING') {
      add(section.grade, section.capacity);
      standingTotal += section.capacity;
    }
  }
  return {
    name: layout.name,
    width: layout.width,
    height: layout.height,
    seatsTotal: layout.seatsTotal,
    standingTotal,
    grades: layoutGrades(layout).map((grade) => ({
      grade,
      price: prices[grade] ?? 0,
      places: places.get(grade) ?? 0,
    })),
    sections: layout.sections.map((s) => ({
      sectionId: s.sectionId,
      name: s.name,
      kind: s.kind,
      grade: s.grade,
      places: s.kind === 'STANDING' ? s.capacity : s.rows.reduce((n, r) => n + r.count, 0),
    })),
  };
}
