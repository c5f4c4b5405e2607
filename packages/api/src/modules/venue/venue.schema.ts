/** The venue part of `admin.createConcert` (docs/api.md, "Venues"): a template or a list of sections, and prices. */
import { z } from 'zod';
import { ZLine } from '../../infra/input.js';
import { layoutTemplateIds } from './venue-templates.js';

const MAX_PLACES = 100_000;
const ZCode = (what: string, max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9]+$/, `${what}: letters and digits only`)
    .max(max, `${what}: at most ${max} characters`);
const ZSectionId = z
  .string()
  .regex(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/, 'a section id: letters and digits, parts joined by "-"')
  .max(16, 'a section id: at most 16 characters');
const ZCoord = z.number().min(0).max(100_000);
const ZGradeName = ZLine({ max: 16 });

const ZBox = {
  sectionId: ZSectionId,
  name: ZLine({ max: 60 }),
  x: ZCoord,
  y: ZCoord,
  width: ZCoord.positive(),
  height: ZCoord.positive(),
  grade: ZGradeName,
};

const ZRow = z
  .object({
    label: ZCode('a row label', 8),
    count: z.number().int().min(1).max(500),
    x: ZCoord.optional(),
    y: ZCoord.optional(),
    dx: z.number().min(-1000).max(1000).optional(),
    dy: z.number().min(-1000).max(1000).optional(),
    seatLabels: z.array(ZCode('a seat label', 8)).optional(),
    grades: z.array(ZGradeName.nullable()).optional(),
    accessible: z.array(z.number().int().min(0)).max(500).optional(),
  })
  .refine((r) => !r.seatLabels || r.seatLabels.length === r.count, {
    message: 'one seat label per seat',
    path: ['seatLabels'],
  })
  .refine((r) => !r.seatLabels || new Set(r.seatLabels.map((l) => l.toUpperCase())).size === r.count, {
    message: 'seat labels must differ',
    path: ['seatLabels'],
  })
  .refine((r) => !r.grades || r.grades.length === r.count, {
    message: 'one grade per seat',
    path: ['grades'],
  })
  .refine((r) => !r.accessible || r.accessible.every((i) => i < r.count), {
    message: 'accessible seat indexes start at 0 and stay within the row',
    path: ['accessible'],
  });

const ZSection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('SEATED'), ...ZBox, rows: z.array(ZRow).min(1).max(500) }),
  z.object({ kind: z.literal('STANDING'), ...ZBox, capacity: z.number().int().min(1).max(MAX_PLACES) }),
]);

export const ZVenueInput = z.union([
  z.object({ template: z.enum(layoutTemplateIds as [string, ...string[]]) }),
  z.object({
    name: ZLine({ max: 200 }).optional(),
    width: ZCoord.positive().optional(),
    height: ZCoord.positive().optional(),
    sections: z
      .array(ZSection)
      .min(1)
      .max(200)
      .refine(
        (s) => new Set(s.map((x) => x.sectionId.toUpperCase())).size === s.length,
        'section ids must differ',
      )
      .refine(
        (s) =>
          s.reduce(
            (n, x) => n + (x.kind === 'STANDING' ? x.capacity : x.rows.reduce((m, r) => m + r.count, 0)),
            0,
          ) <= MAX_PLACES,
        `at most ${MAX_PLACES.toLocaleString('en')} places`,
      )
      .refine((s) => s.some((x) => x.kind === 'SEATED'), 'at least one seated section'),
  }),
]);
export type VenueInput = z.infer<typeof ZVenueInput>;

/** Price in won of each grade; a template's defaults fill the grades left out. */
export const ZPrices = z.record(ZGradeName, z.number().int().min(0).max(10_000_000));
