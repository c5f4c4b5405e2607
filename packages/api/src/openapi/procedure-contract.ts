/**
 * What each procedure needs and which domain codes it can answer, for the OpenAPI document. Kept beside the
 * routers, typed by the router's own paths, so a procedure added without an entry fails the typecheck. The codes
 * every call can get from the HTTP edge (envelope refusals, load shedding, a dependency down, a bug) are added by
 * the document for all; the ones listed here are the procedure's own and those of its base procedure.
 */
import type { inferRouterOutputs } from '@trpc/server';
import type { DomainCode } from '../errors.js';
import type { AppRouter } from '../router.js';

type Outputs = inferRouterOutputs<AppRouter>;
export type ProcedurePath = {
  [M in keyof Outputs]: `${M}.${Extract<keyof Outputs[M], string>}`;
}[keyof Outputs];

/** `session`: `Authorization: Bearer <sessionToken>`; `queueToken`: `x-queue-token`; `admin`: an ADMIN session. */
export type Need = 'session' | 'queueToken' | 'activeQueueToken' | 'admin';

export interface ProcedureContract {
  summary: string;
  needs: readonly Need[];
  /** The procedure's own codes, beyond those its needs and the edge bring. */
  errors: readonly DomainCode[];
  /** Rate-limited per address or per user (docs/api.md, the README's configuration section). */
  rateLimited?: true;
}

const queueTurn: readonly DomainCode[] = [
  'QUEUE_TOKEN_MISSING',
  'QUEUE_TOKEN_INVALID',
  'QUEUE_NOT_ADMITTED',
  'QUEUE_TOKEN_EXPIRED',
  'QUEUE_WRONG_CONCERT',
];

export const procedureContracts: Record<ProcedurePath, ProcedureContract> = {
  'auth.signUp': {
    summary: 'Create an account and sign in',
    needs: [],
    errors: ['USERNAME_TAKEN'],
    rateLimited: true,
  },
  'auth.signIn': { summary: 'Sign in', needs: [], errors: ['INVALID_CREDENTIALS'], rateLimited: true },
  'auth.me': { summary: 'The signed-in user', needs: ['session'], errors: [] },
  'auth.streamTicket': {
    summary: 'A one-minute ticket that opens one subscription',
    needs: ['session'],
    errors: [],
  },
  'concert.list': { summary: 'Concerts, by sale opening, keyset-paged', needs: [], errors: [] },
  'concert.search': {
    summary: 'Search concerts by part of a title, performer, venue or city',
    needs: [],
    errors: [],
  },
  'concert.get': {
    summary: 'One concert with its settings and performances',
    needs: [],
    errors: ['CONCERT_NOT_FOUND'],
  },
  'concert.dates': {
    summary: "A concert's performances with seats left",
    needs: [],
    errors: ['CONCERT_NOT_FOUND'],
  },
  'concert.layout': {
    summary: "A performance's venue map: sections, rows and seat positions",
    needs: [],
    errors: ['PERFORMANCE_NOT_FOUND'],
  },
  'concert.seats': {
    summary: "A performance's seat map",
    needs: ['session', 'activeQueueToken'],
    errors: ['PERFORMANCE_NOT_FOUND', ...queueTurn],
  },
  'concert.seatEvents': {
    summary: 'A seat snapshot, then seat changes as they happen (server-sent events)',
    needs: ['session', 'activeQueueToken'],
    errors: ['PERFORMANCE_NOT_FOUND', ...queueTurn],
  },
  'queue.join': {
    summary: "Join a concert's waiting room",
    needs: ['session'],
    errors: ['CONCERT_NOT_FOUND', 'QUEUE_NOT_OPEN', 'CONCERT_OVER', 'CONCERT_CANCELLED'],
    rateLimited: true,
  },
  'queue.status': {
    summary: 'The place in line of a queue token',
    needs: ['queueToken'],
    errors: ['QUEUE_TOKEN_MISSING', 'QUEUE_TOKEN_INVALID', 'QUEUE_TOKEN_EXPIRED'],
  },
  'queue.watch': {
    summary: 'queue.status on every change (server-sent events)',
    needs: ['queueToken'],
    errors: ['QUEUE_TOKEN_MISSING', 'QUEUE_TOKEN_INVALID', 'QUEUE_TOKEN_EXPIRED'],
  },
  'queue.leave': {
    summary: 'Leave the waiting room, ending the turn',
    needs: ['session', 'queueToken'],
    errors: ['QUEUE_TOKEN_MISSING', 'QUEUE_TOKEN_INVALID', 'FORBIDDEN'],
  },
  'reservation.hold': {
    summary: 'Hold seats for a while, to pay for them',
    needs: ['session', 'activeQueueToken'],
    errors: [
      ...queueTurn,
      'PERFORMANCE_NOT_FOUND',
      'SEAT_NOT_FOUND',
      'SEAT_UNAVAILABLE',
      'STANDING_UNAVAILABLE',
      'TOO_MANY_SEATS',
      'HOLD_ALREADY_PENDING',
      'CONCERT_CANCELLED',
    ],
    rateLimited: true,
  },
  'reservation.get': {
    summary: 'One reservation of the caller',
    needs: ['session'],
    errors: ['RESERVATION_NOT_FOUND'],
  },
  'reservation.ticket': {
    summary:
      'The ticket page of a reservation: order number, venue, seats, refund deadline, signed door code',
    needs: ['session'],
    errors: ['RESERVATION_NOT_FOUND', 'FORBIDDEN'],
  },
  'reservation.ticketKey': {
    summary: "The organiser's Ed25519 public key that ticket codes are signed with",
    needs: [],
    errors: [],
  },
  'reservation.list': { summary: "The caller's reservations, newest first", needs: ['session'], errors: [] },
  'reservation.cancel': {
    summary: 'Cancel a hold, or refund a paid reservation',
    needs: ['session'],
    errors: ['RESERVATION_NOT_FOUND', 'REFUND_WINDOW_CLOSED', 'FORBIDDEN'],
  },
  'wallet.balance': { summary: "The caller's balance in won", needs: ['session'], errors: [] },
  'wallet.charge': {
    summary: 'Add won to the wallet',
    needs: ['session'],
    errors: ['BALANCE_LIMIT_EXCEEDED', 'IDEMPOTENCY_KEY_REUSED'],
    rateLimited: true,
  },
  'wallet.history': { summary: "The wallet's ledger, newest first", needs: ['session'], errors: [] },
  'payment.pay': {
    summary: 'Pay for a held reservation from the wallet',
    needs: ['session', 'activeQueueToken'],
    errors: [
      ...queueTurn,
      'RESERVATION_NOT_FOUND',
      'RESERVATION_EXPIRED',
      'RESERVATION_NOT_PAYABLE',
      'ALREADY_PAID',
      'INSUFFICIENT_BALANCE',
      'IDEMPOTENCY_KEY_REUSED',
      'FORBIDDEN',
    ],
    rateLimited: true,
  },
  'payment.get': { summary: 'One payment of the caller', needs: ['session'], errors: ['PAYMENT_NOT_FOUND'] },
  'admin.createConcert': {
    summary: 'Create a concert with its performances',
    needs: ['admin'],
    errors: ['SHOW_DATE_IN_PAST', 'SHOW_BEFORE_SALE', 'QUEUE_OPENS_AFTER_SALE'],
  },
  'admin.configureQueue': {
    summary: "Change a concert's waiting-room settings",
    needs: ['admin'],
    errors: ['CONCERT_NOT_FOUND'],
  },
  'admin.updateConcert': {
    summary: "Edit a concert's names, texts, sale settings, and (before the sale) its dates",
    needs: ['admin'],
    errors: [
      'CONCERT_NOT_FOUND',
      'PERFORMANCE_NOT_FOUND',
      'CONCERT_CANCELLED',
      'SALE_ALREADY_OPEN',
      'SHOW_DATE_IN_PAST',
      'SHOW_BEFORE_SALE',
      'QUEUE_OPENS_AFTER_SALE',
    ],
  },
  'admin.cancelConcert': {
    summary: 'Cancel a concert: release its holds and refund every paid reservation',
    needs: ['admin'],
    errors: ['CONCERT_NOT_FOUND', 'CONCERT_OVER', 'BALANCE_LIMIT_EXCEEDED'],
  },
  'admin.stats': { summary: "A concert's sale in numbers", needs: ['admin'], errors: ['CONCERT_NOT_FOUND'] },
  'admin.saleTimeline': {
    summary: "A concert's sale over the last minutes, sampled every 10 s",
    needs: ['admin'],
    errors: ['CONCERT_NOT_FOUND'],
  },
  'admin.createWebhook': {
    summary: 'Register a webhook endpoint',
    needs: ['admin'],
    errors: ['CONCERT_NOT_FOUND'],
  },
  'admin.layoutTemplates': { summary: 'The venue templates a concert can use', needs: ['admin'], errors: [] },
  'admin.webhooks': { summary: 'The webhook endpoints', needs: ['admin'], errors: [] },
  'admin.deleteWebhook': {
    summary: 'Remove a webhook endpoint',
    needs: ['admin'],
    errors: ['WEBHOOK_NOT_FOUND'],
  },
  'admin.webhookDeliveries': {
    summary: 'The delivery log, newest first',
    needs: ['admin'],
    errors: ['WEBHOOK_NOT_FOUND'],
  },
  'admin.replayDelivery': {
    summary: 'Send a delivery again',
    needs: ['admin'],
    errors: ['DELIVERY_NOT_FOUND'],
  },
};
