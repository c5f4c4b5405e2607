/**
 * Venues on the server (docs/domain.md, "Venues"): turning `admin.createConcert`'s venue part into a stored layout,
 * prices and place rows, and reading a performance's venue back (remembered per server: a performance's layout
 * and prices never change once it exists).
 */
import { createHash } from 'node:crypto';
import type { DB } from '@tix/db';
import type { Transaction } from 'kysely';
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import type { GradeBlock } from '../concert/seat-layout.js';
import { toWon } from '../wallet/money.js';
import {
  findPerformanceVenue,
  insertPlaces,
  insertPrices,
  listPrices,
  upsertLayout,
} from './venue.queries.js';
import type { VenueInput } from './venue.schema.js';
import { buildLayout, layoutGrades, seatGrades, type BuiltLayout } from './venue-layout.js';
import { layoutTemplates, templateLayout } from './venue-templates.js';
import type {
  LayoutSection,
  LayoutTemplateId,
  SeatedSection,
  StandingArea,
  VenueLayout,
} from './venue.types.js';

/** A standing area as stored: its places are seat rows firstPlaceNo..firstPlaceNo+capacity-1. */
export type StoredStandingArea = StandingArea & { firstPlaceNo: number };
type StoredSection = SeatedSection | StoredStandingArea;

export interface VenuePlan {
  layout: BuiltLayout;
  sections: StoredSection[];
  placesTotal: number;
  prices: Map<string, bigint>;
}

/** Seats 1..N in one section "A" for the `seats: N` and grade-block shorthands, rows of up to 100 seats. */
function oneSection(
  name: string,
  blocks: GradeBlock[],
): { layout: BuiltLayout; prices: Record<string, number> } {
  const grades = blocks.flatMap((b) => new Array<string>(b.count).fill(b.grade));
  const perRow = Math.min(100, Math.max(10, Math.ceil(Math.sqrt(2 * grades.length))));
  const rowCount = Math.ceil(grades.length / perRow);
  const width = Math.min(perRow, grades.length) * 10;
  const grade = grades[0]!;
  const rows = Array.from({ length: rowCount }, (_, r) => {
    const rowGrades = grades.slice(r * perRow, (r + 1) * perRow);
    return {
      label: String(r + 1),
      count: rowGrades.length,
      x: 25,
      y: 125 + r * 10,
      dx: 10,
      dy: 0,
      ...(rowGrades.some((g) => g !== grade)
        ? { grades: rowGrades.map((g) => (g === grade ? null : g)) }
        : {}),
    };
  });
  const layout = buildLayout({
    name,
    width: width + 40,
    height: rowCount * 10 + 140,
    stage: { x: 20, y: 20, width, height: 80 },
    sections: [
      {
        kind: 'SEATED',
        sectionId: 'A',
        name: 'Section A',
        x: 20,
        y: 120,
        width,
        height: rowCount * 10,
        grade,
        rows,
      },
    ],
  });
  return { layout, prices: Object.fromEntries(blocks.map((b) => [b.grade, b.price])) };
}

function fromInput(
  venueName: string,
  venue: VenueInput,
): { layout: BuiltLayout; prices: Record<string, number> } {
  if ('template' in venue) {
    const template = venue.template as LayoutTemplateId;
    return { layout: templateLayout(template), prices: layoutTemplates[template].prices };
  }
  const right = Math.max(...venue.sections.map((s) => s.x + s.width));
  const bottom = Math.max(...venue.sections.map((s) => s.y + s.height));
  const layout = buildLayout({
    name: venue.name ?? venueName,
    width: venue.width ?? right + 20,
    height: venue.height ?? bottom + 20,
    sections: venue.sections,
  });
  return { layout, prices: {} };
}

/**
 * What one performance of `admin.createConcert` asks for, checked: every grade priced (`prices` over the
 * template's or grade blocks' own). `field` names the performance in refusals, e.g. `performances.0`.
 */
export function planVenue(
  input: { venueName: string; venue?: VenueInput | undefined; prices?: Record<string, number> | undefined },
  blocks: () => GradeBlock[],
  field: string,
): VenuePlan {
  const chosen = input.venue
    ? fromInput(input.venueName, input.venue)
    : oneSection(input.venueName, blocks());
  const given = { ...chosen.prices, ...input.prices };
  const prices = new Map<string, bigint>();
  const unpriced: string[] = [];
  for (const grade of layoutGrades(chosen.layout)) {
    const price = given[grade];
    if (price === undefined) unpriced.push(grade);
    else prices.set(grade, BigInt(price));
  }
  if (unpriced.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `No price for grade ${unpriced.join(', ')}`, {
      fields: [`${field}.prices`],
      grades: unpriced,
    });
  }
  let next = chosen.layout.seatsTotal + 1;
  const sections = chosen.layout.sections.map((s): StoredSection => {
    if (s.kind !== 'STANDING') return s;
    const stored = { ...s, firstPlaceNo: next };
    next += s.capacity;
    return stored;
  });
  return { layout: chosen.layout, sections, placesTotal: next - 1, prices };
}

/** Stores the plan's layout (once per distinct content) and returns its id. */
export function storeLayout(trx: Transaction<DB>, plan: VenuePlan): Promise<string> {
  const content = { ...plan.layout, sections: plan.sections };
  return upsertLayout(trx, {
    content_hash: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
    name: plan.layout.name,
    width: plan.layout.width,
    height: plan.layout.height,
    seats_total: plan.layout.seatsTotal,
    places_total: plan.placesTotal,
    sections: JSON.stringify(plan.sections),
    stage: plan.layout.stage ? JSON.stringify(plan.layout.stage) : null,
  });
}

/** The performance's prices and every place row: seats 1..N, then each standing area's places. */
export async function storePlaces(
  trx: Transaction<DB>,
  performanceId: string,
  plan: VenuePlan,
): Promise<void> {
  await insertPrices(trx, performanceId, plan.prices);
  const grades = seatGrades(plan.layout);
  for (const s of plan.sections)
    if (s.kind === 'STANDING') for (let i = 0; i < s.capacity; i++) grades.push(s.grade);
  await insertPlaces(trx, performanceId, grades);
}

/** A performance's venue as the server uses it. */
export interface PerformanceVenue {
  answer: VenueLayout;
  seatsTotal: number;
  placesTotal: number;
  standing: StoredStandingArea[];
  price: (grade: string) => number;
}

/** The venue of a performance, or null when there is no such performance; remembered per server. */
export function performanceVenue(deps: Deps, performanceId: string): Promise<PerformanceVenue | null> {
  return deps.immutable.get(`venue:${performanceId}`, async () => {
    const row = await findPerformanceVenue(deps.db, performanceId);
    if (!row) return null;
    const prices = await listPrices(deps.db, performanceId);
    const stored = row.sections as StoredSection[];
    const standing = stored.filter((s): s is StoredStandingArea => s.kind === 'STANDING');
    const sections = stored.map((s): LayoutSection => {
      if (s.kind !== 'STANDING') return s;
      const { firstPlaceNo: _internal, ...area } = s;
      return area;
    });
    const grades = prices.map((p) => ({ grade: p.grade, price: toWon(p.price) }));
    const answer: VenueLayout = {
      performanceId,
      layoutId: row.layout_id,
      // The ETag: the layout's content and this performance's prices.
      version: createHash('sha256')
        .update(`${row.content_hash}:${JSON.stringify(grades)}`)
        .digest('base64url')
        .slice(0, 22),
      name: row.name,
      width: row.width,
      height: row.height,
      seatsTotal: row.seats_total,
      grades,
      sections,
      ...(row.stage ? { stage: row.stage as VenueLayout['stage'] & object } : {}),
    };
    const byGrade = new Map(grades.map((g) => [g.grade, g.price]));
    return {
      answer,
      seatsTotal: row.seats_total,
      placesTotal: row.places_total,
      standing,
      price: (grade) => byGrade.get(grade) ?? 0,
    };
  });
}

/** `concert.layout`: PERFORMANCE_NOT_FOUND when there is no such performance. */
export async function requireVenue(deps: Deps, performanceId: string): Promise<PerformanceVenue> {
  const venue = await performanceVenue(deps, performanceId);
  if (!venue) throw new DomainError('PERFORMANCE_NOT_FOUND', 'No such performance');
  return venue;
}
