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

/** The closed set of categories a concert is filed under (docs/domain.md, "Concert search"). */
export const concertCategories = [
  'pop',
  'k-pop',
  'rock',
  'hip-hop',
  'jazz',
  'classical',
  'electronic',
  'musical',
  'festival',
  'other',
] as const;
export const ZCategory = z.enum(concertCategories, { error: `one of ${concertCategories.join(', ')}` });

export const ZSearchInput = z.object({
  /** Free text over title, performers, venue, city and category; typos, accents and case are forgiven. */
  query: ZLine({ max: 100 }).refine((q) => searchWords(q).length > 0, 'at least one letter or digit'),
  /** Only concerts with a performance starting at or after this moment. */
  from: ZInstant.optional(),
  /** Only concerts with a performance starting at or before this moment. */
  to: ZInstant.optional(),
  /** Only concerts in this city (case- and accent-blind, whole name). */
  city: ZLine({ max: 100 }).optional(),
  category: ZCategory.optional(),
  /** Only concerts whose sale has opened, is not paused, and that have a performance still to come. */
  onSaleNow: z.boolean().optional(),
  /** `relevance` (the default): best match first; `date`: concert.list's order (sale opening, then id). */
  sort: z.enum(['relevance', 'date']).default('relevance'),
  cursor: ZCursor.optional(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type SearchInput = z.infer<typeof ZSearchInput>;

/** At most this many words of a query count; the rest are ignored (each word is one index condition). */
const MAX_SEARCH_WORDS = 8;

/** The words of a query: runs of letters, digits and combining marks, in any script. */
export function searchWords(query: string): string[] {
  return (query.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).slice(0, MAX_SEARCH_WORDS);
}

/** One concert in concert.list and concert.search answers. */
export const ZConcertSummary = z.object({
  concertId: z.uuid(),
  title: z.string(),
  venue: z.string(),
  city: z.string(),
  category: ZCategory,
  performers: z.array(z.string()),
  saleOpensAt: z.date(),
  lastShowAt: z.date().nullable(),
  cancelledAt: z.date().nullable(),
  performances: z.array(z.object({ performanceId: z.uuid(), startsAt: z.date() })),
});
export const ZConcertPage = z.object({ items: z.array(ZConcertSummary), nextCursor: z.string().nullable() });
export type ConcertPage = z.infer<typeof ZConcertPage>;

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
    /** Who plays, in billing order; searched like the title. */
    performers: z
      .array(ZLine({ max: 100 }))
      .max(20)
      .optional(),
    city: ZLine({ max: 100 }).optional(),
    category: ZCategory.optional(),
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
