/**
 * The answer shapes that several procedures share, as Zod schemas for the OpenAPI document (procedure-outputs.ts
 * maps each procedure to one of them).
 */
import { z } from 'zod';
import { saleEventTypes } from '../modules/events/sale-events.js';
import { ZConcertSummary } from '../modules/concert/concert.schema.js';
import { reservationStatuses } from '../modules/reservation/reservation.schema.js';
import type { SeatAvailability, SeatAvailabilityEvent } from '../modules/venue/venue.types.js';

export const ZSession = z.object({ userId: z.uuid(), sessionToken: z.string() });
const ZQueueStatus = z.enum(['WAITING', 'ACTIVE', 'EXPIRED']);
export const ZQueueState = z.object({
  status: ZQueueStatus,
  concertId: z.uuid(),
  position: z.number().int().optional(),
  etaSeconds: z.number().nullable().optional(),
  etaLowSeconds: z.number().nullable().optional(),
  etaHighSeconds: z.number().nullable().optional(),
  estimatedAt: z.date().optional(),
  activeUntil: z.date().optional(),
  paused: z.boolean().optional(),
});
const ZConcertSettings = z.object({
  maxActive: z.number().int(),
  admitPerSecond: z.number().int(),
  activeTtlSeconds: z.number().int(),
  holdSeconds: z.number().int(),
  maxSeatsPerOrder: z.number().int(),
  refundCutoffSeconds: z.number().int(),
  paused: z.boolean(),
});
/** `concert.seats` (venue.types.ts, SeatAvailability). */
export const ZSeatAvailability = z.object({
  performanceId: z.uuid(),
  version: z.number().int(),
  seatsTotal: z.number().int(),
  /** base64 bitmap, bit seatNo-1 set when free (docs/api.md, "Venues") */
  available: z.string(),
  standing: z.array(
    z.object({ sectionId: z.string(), capacity: z.number().int(), available: z.number().int() }),
  ),
  mine: z.object({
    seatNos: z.array(z.number().int()),
    standing: z.array(z.object({ sectionId: z.string(), count: z.number().int() })),
  }),
}) satisfies z.ZodType<SeatAvailability>;
/** One `concert.seatEvents` event (venue.types.ts, SeatAvailabilityEvent): a snapshot first, then changes. */
export const ZSeatAvailabilityEvent = z.object({
  version: z.number().int(),
  seats: z.array(z.object({ seatNo: z.number().int(), available: z.boolean() })),
  standing: z.array(z.object({ sectionId: z.string(), available: z.number().int() })),
  snapshot: ZSeatAvailability.optional(),
}) satisfies z.ZodType<SeatAvailabilityEvent>;
export const ZConcertDetail = ZConcertSummary.omit({
  performances: true,
  category: true,
  lastShowAt: true,
}).extend({
  category: z.string(),
  description: z.string(),
  queueOpensAt: z.date(),
  settings: ZConcertSettings,
  performances: z.array(
    z.object({ performanceId: z.uuid(), startsAt: z.date(), seatsTotal: z.number().int() }),
  ),
});
export const ZReservation = z.object({
  reservationId: z.uuid(),
  status: z.enum(reservationStatuses),
  concertId: z.uuid(),
  concertTitle: z.string(),
  venue: z.string(),
  performanceId: z.uuid(),
  startsAt: z.date(),
  refundDeadline: z.date(),
  seats: z.array(
    z.object({ seatNo: z.number().int(), label: z.string(), grade: z.string(), price: z.number().int() }),
  ),
  standing: z.array(
    z.object({ sectionId: z.string(), name: z.string(), count: z.number().int(), price: z.number().int() }),
  ),
  totalPrice: z.number().int(),
  expiresAt: z.date(),
  createdAt: z.date(),
  paidAt: z.date().nullable(),
  cancelledAt: z.date().nullable(),
});
const ZBox = { x: z.number(), y: z.number(), width: z.number(), height: z.number() };
const ZSectionBase = { sectionId: z.string(), name: z.string(), ...ZBox, grade: z.string() };
export const ZLayout = z.object({
  performanceId: z.uuid(),
  layoutId: z.string(),
  version: z.string(),
  name: z.string(),
  width: z.number(),
  height: z.number(),
  seatsTotal: z.number().int(),
  grades: z.array(z.object({ grade: z.string(), price: z.number().int() })),
  sections: z.array(
    z.union([
      z.object({
        kind: z.literal('SEATED'),
        ...ZSectionBase,
        rows: z.array(
          z.object({
            label: z.string(),
            firstSeatNo: z.number().int(),
            count: z.number().int(),
            x: z.number(),
            y: z.number(),
            dx: z.number(),
            dy: z.number(),
            seatLabels: z.array(z.string()).optional(),
            grades: z.array(z.string().nullable()).optional(),
            accessible: z.array(z.number().int()).optional(),
          }),
        ),
      }),
      z.object({ kind: z.literal('STANDING'), ...ZSectionBase, capacity: z.number().int() }),
    ]),
  ),
  stage: z.object(ZBox).optional(),
});
export const ZWebhook = z.object({
  webhookId: z.uuid(),
  url: z.string(),
  events: z.array(z.enum(saleEventTypes)).nullable(),
  concertId: z.uuid().nullable(),
  createdAt: z.date(),
});
export const ZDelivery = z.object({
  deliveryId: z.string(),
  target: z.string(),
  webhookId: z.uuid().nullable(),
  eventId: z.uuid(),
  eventType: z.string(),
  aggregateKey: z.string(),
  status: z.enum(['PENDING', 'DELIVERED', 'DEAD']),
  attempts: z.number().int(),
  nextAttemptAt: z.date().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
});
