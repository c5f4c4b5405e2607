import { z } from 'zod';
import { ZCursor } from '../../infra/input.js';

/** The highest seat count any concert may allow per order (concert.schema's maxSeatsPerOrder bound is 20). */
const MAX_SEATS_IN_REQUEST = 100;
const MAX_SEAT_NO = 1_000_000;

const ZSeatNos = z
  .array(
    z
      .number({ error: 'a seat number' })
      .int('a whole seat number')
      .min(1, 'seat numbers start at 1')
      // Beyond any venue (a stadium has 50,000 seats), and within PostgreSQL's integer.
      .max(MAX_SEAT_NO, `seat numbers end at ${MAX_SEAT_NO}`),
    {
      error: 'a list of seat numbers',
    },
  )
  .min(1, 'choose at least one seat')
  // Longer lists are refused by the concert's own limit (TOO_MANY_SEATS); this only bounds the request size.
  .max(MAX_SEATS_IN_REQUEST, `at most ${MAX_SEATS_IN_REQUEST} seats in one request`)
  .refine((seatNos) => new Set(seatNos).size === seatNos.length, 'each seat at most once');

const ZCount = z.number().int('a whole number').min(1, 'at least 1').max(MAX_SEATS_IN_REQUEST);
const ZSectionRef = z.string().trim().min(1, 'a section id').max(16, 'a section id: at most 16 characters');

/** One way or more of naming places (docs/api.md, "Venues"): seat numbers, seat labels, standing places, or best. */
export const ZHoldInput = z
  .object({
    performanceId: z.uuid('a performance id (uuid)'),
    seatNos: ZSeatNos.optional(),
    seats: z
      .array(z.string().trim().min(1).max(40), { error: 'a list of seat labels such as "A-12-7"' })
      .min(1, 'choose at least one seat')
      .max(MAX_SEATS_IN_REQUEST, `at most ${MAX_SEATS_IN_REQUEST} seats in one request`)
      .optional(),
    standing: z.object({ sectionId: ZSectionRef, count: ZCount }).optional(),
    best: z
      .object({
        count: ZCount,
        grade: z.string().trim().min(1).max(16).optional(),
        sectionId: ZSectionRef.optional(),
        accessible: z.boolean().optional(),
      })
      .optional(),
  })
  .refine((h) => h.seatNos || h.seats || h.standing || h.best, {
    message: 'choose seats (seatNos or seats), standing places, or best',
    path: ['seatNos'],
  })
  .refine((h) => !h.best || (!h.seatNos && !h.seats), {
    message: 'best chooses the seats itself: leave out seatNos and seats',
    path: ['best'],
  });
export type HoldInput = z.infer<typeof ZHoldInput>;

export const ZReservationId = z.object({ reservationId: z.uuid('a reservation id (uuid)') });

export const reservationStatuses = ['HELD', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDED'] as const;

export const ZListReservationsInput = z
  .object({
    status: z.enum(reservationStatuses).optional(),
    cursor: ZCursor.optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .default({ limit: 20 });
export type ListReservationsInput = z.infer<typeof ZListReservationsInput>;
