import { z } from 'zod';
import { ZCursor, ZInstant, ZLine, ZParagraphs } from '../../infra/input.js';
import { ZPrices, ZVenueInput } from '../venue/venue.schema.js';

export const ZConcertId = z.object({ concertId: z.uuid('a concert id (uuid)') });
export const ZPerformanceId = z.object({ performanceId: z.uuid('a performance id (uuid)') });

export const ZListInput = z
  .object({
    /** Only concerts with a performance starting at or after this moment. */
    from: ZInstant.optional(),
    cursor: ZCursor.optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .default({ limit: 20 });
export type ListInput = z.infer<typeof ZListInput>;

const ZGrade = z.object({
  grade: ZLine({ max: 16 }),
  price: z.number().int().min(0).max(10_000_000),
  count: z.number().int().min(1).max(10_000),
});

const ZPerformanceInput = z
  .object({
    startsAt: ZInstant,
    /** Seats in order from seat 1, grade by grade. Defaults to VIP/R/S over `seats` seats. */
    layout: z.array(ZGrade).min(1).max(20).optional(),
    seats: z.number().int().min(1).max(10_000).optional(),
    /** A template or a list of sections (docs/api.md, "Venues"); instead of `seats` / `layout`. */
    venue: ZVenueInput.optional(),
    /** Price in won per grade; over the template's defaults. */
    prices: ZPrices.optional(),
  })
  .refine((p) => !p.layout || !p.seats || p.layout.reduce((n, g) => n + g.count, 0) === p.seats, {
    message: 'seats must equal the layout total',
    path: ['seats'],
  })
  .refine((p) => !p.venue || (!p.layout && !p.seats), {
    message: 'give either a venue or seats / layout, not both',
    path: ['venue'],
  });

export const ZQueueSettings = z.object({
  maxActive: z.number().int().min(1).max(100_000),
  admitPerSecond: z.number().int().min(1).max(10_000),
  activeTtlSeconds: z
    .number()
    .int()
    .min(10)
    .max(24 * 60 * 60),
});

export const ZCreateConcertInput = z
  .object({
    title: ZLine({ max: 200 }),
    venue: ZLine({ max: 200 }),
    description: ZParagraphs({ max: 2000 }).default(''),
    queueOpensAt: ZInstant.optional(),
    saleOpensAt: ZInstant,
    holdSeconds: z.number().int().min(10).max(3600).optional(),
    maxSeatsPerOrder: z.number().int().min(1).max(20).optional(),
    refundCutoffSeconds: z
      .number()
      .int()
      .min(0)
      .max(365 * 24 * 60 * 60)
      .optional(),
    performances: z.array(ZPerformanceInput).min(1).max(50),
  })
  // The order of the dates (queue, sale, shows) is checked by the use case, with domain codes of its own.
  .extend(ZQueueSettings.partial().shape);
export type CreateConcertInput = z.infer<typeof ZCreateConcertInput>;
