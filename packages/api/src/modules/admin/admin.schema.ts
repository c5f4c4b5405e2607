import { z } from 'zod';
import { ZInstant, ZLine, ZParagraphs } from '../../infra/input.js';
import { ZConcertId, ZCreateConcertInput, ZQueueSettings } from '../concert/concert.schema.js';

export const ZConfigureQueueInput = ZConcertId.extend(ZQueueSettings.partial().shape).extend({
  /** True stops admission (joining still works); false resumes it. */
  paused: z.boolean().optional(),
});
export type ConfigureQueueInput = z.infer<typeof ZConfigureQueueInput>;

/**
 * `admin.updateConcert`: only the fields given change. Names, texts and sale settings change at any time; the
 * opening times and the show dates only before the sale opens (docs/domain.md, "Editing a concert").
 */
export const ZUpdateConcertInput = ZConcertId.extend(
  ZCreateConcertInput.pick({
    title: true,
    venue: true,
    performers: true,
    category: true,
    queueOpensAt: true,
    saleOpensAt: true,
    holdSeconds: true,
    maxSeatsPerOrder: true,
    maxActive: true,
    admitPerSecond: true,
    activeTtlSeconds: true,
  }).partial().shape,
).extend({
  // Not picked: the create input defaults it to '', which would blank a description nobody sent.
  description: ZParagraphs({ max: 2000 }).optional(),
  /** Empty clears it (a concert may have no city). */
  city: ZLine({ min: 0, max: 100 }).optional(),
  /** New start times for existing dates (dates are neither added nor removed here). */
  performances: z
    .array(z.object({ performanceId: z.uuid('a performance id (uuid)'), startsAt: ZInstant }))
    .max(50)
    .optional(),
});
export type UpdateConcertInput = z.infer<typeof ZUpdateConcertInput>;

/** `admin.saleTimeline`: the samples of the last `minutes` (the table keeps a day). */
export const ZSaleTimelineInput = ZConcertId.extend({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
});
export type SaleTimelineInput = z.infer<typeof ZSaleTimelineInput>;
