/**
 * What each procedure answers, as Zod schemas kept beside the routers for the OpenAPI document (openapi-document.ts).
 * The procedures themselves are not given `.output()`: that would validate (and copy) every answer on the hot path,
 * the 5,000-seat map included. The type below holds each schema to the router's inferred output, so a changed
 * answer fails the typecheck, and the raw-HTTP contract test (apps/server/test/openapi.contract.e2e.test.ts)
 * validates real answers against the document.
 */
import type { inferRouterOutputs } from '@trpc/server';
import { z } from 'zod';
import { ZConcertPage } from '../modules/concert/concert.schema.js';
import { reservationStatuses } from '../modules/reservation/reservation.schema.js';
import type { AppRouter } from '../router.js';
import { layoutTemplateIds } from '../modules/venue/venue-templates.js';
import type { LayoutTemplateId } from '../modules/venue/venue.types.js';
import {
  ZConcertDetail,
  ZDelivery,
  ZLayout,
  ZQueueState,
  ZReservation,
  ZSeatAvailability,
  ZSeatAvailabilityEvent,
  ZSession,
  ZWebhook,
} from './output-shapes.js';

type Outputs = inferRouterOutputs<AppRouter>;
/** Every query and mutation by its dotted path; subscriptions are described by the events they yield. */
type OutputMap = {
  [M in keyof Outputs]: {
    [P in keyof Outputs[M] as Outputs[M][P] extends AsyncIterable<unknown> ? never : P]: z.ZodType<
      Outputs[M][P]
    >;
  };
};

export const procedureOutputs = {
  auth: {
    signUp: ZSession,
    signIn: ZSession,
    me: z.object({ userId: z.uuid(), username: z.string(), role: z.enum(['BUYER', 'ADMIN']) }),
    streamTicket: z.object({ ticket: z.string(), expiresAt: z.date() }),
  },
  concert: {
    list: ZConcertPage,
    search: ZConcertPage,
    get: ZConcertDetail,
    dates: z.array(
      z.object({
        performanceId: z.uuid(),
        startsAt: z.date(),
        seatsTotal: z.number().int(),
        seatsAvailable: z.number().int(),
      }),
    ),
    layout: ZLayout,
    seats: ZSeatAvailability,
  },
  queue: {
    join: ZQueueState.extend({ token: z.string() }),
    status: ZQueueState,
    leave: z.object({ status: z.literal('EXPIRED') }),
  },
  reservation: {
    hold: ZReservation,
    get: ZReservation,
    ticket: ZReservation.extend({
      orderNumber: z.string(),
      holder: z.string(),
      seatLabels: z.array(z.string()),
      code: z.string().nullable(),
    }),
    ticketKey: z.object({ algorithm: z.literal('Ed25519'), publicKeyPem: z.string(), publicKey: z.string() }),
    list: z.object({ items: z.array(ZReservation), nextCursor: z.string().nullable() }),
    cancel: ZReservation,
  },
  wallet: {
    balance: z.object({ balance: z.number().int() }),
    charge: z.object({ balance: z.number().int(), entryId: z.string() }),
    history: z.object({
      items: z.array(
        z.object({
          entryId: z.string(),
          kind: z.enum(['CHARGE', 'PAYMENT', 'REFUND']),
          amount: z.number().int(),
          balanceAfter: z.number().int(),
          createdAt: z.date(),
          reference: z.string().nullable(),
        }),
      ),
      nextCursor: z.string().nullable(),
    }),
  },
  payment: {
    pay: z.object({
      paymentId: z.uuid(),
      reservationId: z.uuid(),
      amount: z.number().int(),
      balance: z.number().int(),
      paidAt: z.date(),
    }),
    get: z.object({
      paymentId: z.uuid(),
      reservationId: z.uuid(),
      amount: z.number().int(),
      paidAt: z.date(),
      reservationStatus: z.enum(reservationStatuses),
    }),
  },
  admin: {
    createConcert: ZConcertDetail,
    configureQueue: z.object({
      concertId: z.uuid(),
      maxActive: z.number().int(),
      admitPerSecond: z.number().int(),
      activeTtlSeconds: z.number().int(),
      paused: z.boolean(),
      queueOpensAt: z.date(),
      saleOpensAt: z.date(),
    }),
    updateConcert: ZConcertDetail,
    cancelConcert: z.object({
      concertId: z.uuid(),
      cancelledAt: z.date(),
      releasedHolds: z.number().int(),
      refundedReservations: z.number().int(),
      refundedAmount: z.number().int(),
    }),
    stats: z.object({
      asOf: z.date(),
      waiting: z.number().int(),
      active: z.number().int(),
      admittedLastMinute: z.number().int(),
      /** Seconds until everyone waiting now is let in; null while paused. */
      estimatedClearSeconds: z.number().int().nullable(),
      heldSeats: z.number().int(),
      soldSeats: z.number().int(),
      revenue: z.number().int(),
      sellThrough: z.array(
        z.object({
          performanceId: z.uuid(),
          startsAt: z.date(),
          grade: z.string(),
          total: z.number().int(),
          sold: z.number().int(),
          held: z.number().int(),
        }),
      ),
    }),
    saleTimeline: z.object({
      concertId: z.uuid(),
      intervalSeconds: z.number().int(),
      asOf: z.date(),
      samples: z.array(
        z.object({
          at: z.date(),
          waiting: z.number().int(),
          active: z.number().int(),
          admittedPerMinute: z.number().int(),
          heldSeats: z.number().int(),
          soldSeats: z.number().int(),
          revenue: z.number().int(),
        }),
      ),
    }),
    createWebhook: ZWebhook.extend({ secret: z.string() }),
    webhooks: z.array(
      ZWebhook.extend({
        deliveries: z.object({
          pending: z.number().int(),
          delivered: z.number().int(),
          dead: z.number().int(),
        }),
      }),
    ),
    layoutTemplates: z.array(
      z.object({
        template: z.enum(layoutTemplateIds as [LayoutTemplateId, ...LayoutTemplateId[]]),
        name: z.string(),
        width: z.number(),
        height: z.number(),
        seatsTotal: z.number().int(),
        standingTotal: z.number().int(),
        grades: z.array(z.object({ grade: z.string(), price: z.number().int(), places: z.number().int() })),
        sections: z.array(
          z.object({
            sectionId: z.string(),
            name: z.string(),
            kind: z.enum(['SEATED', 'STANDING']),
            grade: z.string(),
            places: z.number().int(),
          }),
        ),
      }),
    ),
    deleteWebhook: z.object({ webhookId: z.uuid(), deleted: z.literal(true) }),
    webhookDeliveries: z.array(ZDelivery),
    replayDelivery: ZDelivery,
  },
} satisfies OutputMap;

/**
 * What a subscription yields, each event's `data`: `queue.watch` the `queue.status` shape on every change,
 * `concert.seatEvents` a seat snapshot, then each change.
 */
export const subscriptionEvents = {
  'queue.watch': ZQueueState,
  'concert.seatEvents': ZSeatAvailabilityEvent,
} as const;
