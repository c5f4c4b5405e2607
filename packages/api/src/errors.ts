/**
 * The one error type of the domain. Every failure a client can cause is a DomainError with a code from this closed
 * set; `trpc.ts` maps it to the tRPC code (and so the HTTP status) in one place. Codes are never reused.
 */
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

const codeToTrpc = {
  VALIDATION_FAILED: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  USERNAME_TAKEN: 'CONFLICT',
  SEAT_UNAVAILABLE: 'CONFLICT',
  ALREADY_PAID: 'CONFLICT',
  HOLD_ALREADY_PENDING: 'CONFLICT',
  IDEMPOTENCY_KEY_REUSED: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  QUEUE_TOKEN_MISSING: 'UNAUTHORIZED',
  QUEUE_TOKEN_INVALID: 'FORBIDDEN',
  QUEUE_NOT_ADMITTED: 'FORBIDDEN',
  QUEUE_TOKEN_EXPIRED: 'FORBIDDEN',
  QUEUE_WRONG_CONCERT: 'FORBIDDEN',
  CONCERT_NOT_FOUND: 'NOT_FOUND',
  PERFORMANCE_NOT_FOUND: 'NOT_FOUND',
  SEAT_NOT_FOUND: 'NOT_FOUND',
  RESERVATION_NOT_FOUND: 'NOT_FOUND',
  PAYMENT_NOT_FOUND: 'NOT_FOUND',
  PROCEDURE_NOT_FOUND: 'NOT_FOUND',
  WEBHOOK_NOT_FOUND: 'NOT_FOUND',
  DELIVERY_NOT_FOUND: 'NOT_FOUND',
  INSUFFICIENT_BALANCE: 'PAYMENT_REQUIRED',
  RESERVATION_EXPIRED: 'PRECONDITION_FAILED',
  RESERVATION_NOT_PAYABLE: 'PRECONDITION_FAILED',
  REFUND_WINDOW_CLOSED: 'PRECONDITION_FAILED',
  TOO_MANY_SEATS: 'UNPROCESSABLE_CONTENT',
  // admin.createConcert: the dates must run queue ≤ sale < every show, and every show in the future.
  SHOW_DATE_IN_PAST: 'UNPROCESSABLE_CONTENT',
  SHOW_BEFORE_SALE: 'UNPROCESSABLE_CONTENT',
  QUEUE_OPENS_AFTER_SALE: 'UNPROCESSABLE_CONTENT',
  // A hold of standing places when the area has fewer free than asked.
  STANDING_UNAVAILABLE: 'CONFLICT',
  BALANCE_LIMIT_EXCEEDED: 'UNPROCESSABLE_CONTENT',
  // Reserved, never sent: a paused sale still lets people join and wait (pausing stops admission only), so no call
  // fails because of it. Kept in the contract (docs/api.md) so a rule that must refuse during a pause has it ready.
  QUEUE_PAUSED: 'PRECONDITION_FAILED',
  QUEUE_NOT_OPEN: 'PRECONDITION_FAILED',
  // queue.join on a concert whose every date has started: nobody would ever be admitted.
  CONCERT_OVER: 'PRECONDITION_FAILED',
  // The operator cancelled the concert (admin.cancelConcert): no joins, holds, payments or edits any more.
  CONCERT_CANCELLED: 'PRECONDITION_FAILED',
  // admin.updateConcert: opening times and show dates are fixed once the sale has opened (tickets may be sold).
  SALE_ALREADY_OPEN: 'PRECONDITION_FAILED',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  // The process is past its load limits (load/load-shedder.ts): refused before it ran, safe to send again.
  OVERLOADED: 'SERVICE_UNAVAILABLE',
  // PostgreSQL or Redis is down or too slow (`details.dependency`); answered at once, safe to send again after
  // Retry-After (infra/dependency-failure.ts).
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  // The request's envelope, not its input: wrong HTTP method, wrong media type, too big, too many calls at once.
  METHOD_NOT_SUPPORTED: 'METHOD_NOT_SUPPORTED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  BATCH_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const satisfies Record<string, TRPC_ERROR_CODE_KEY>;

export type DomainCode = keyof typeof codeToTrpc;
export const domainCodes = Object.keys(codeToTrpc) as DomainCode[];

export function trpcCodeOf(code: DomainCode): TRPC_ERROR_CODE_KEY {
  return codeToTrpc[code];
}

/** Extra facts a client may act on, such as the field at fault or the place in the queue. */
export interface DomainErrorDetails {
  fields?: string[];
  position?: number;
  [key: string]: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    // A DomainError is an answer, not a fault: its frames are never sent or logged (the server logs INTERNAL
    // only), yet tRPC copies `stack` onto the error it wraps every thrown error in, and with --enable-source-maps
    // formatting the frames cost more than the rest of a refused hold's own code (bench hot-seat,
    // bench/results/hot-seat-2026-12-06.md). So none are captured; INTERNAL keeps them for its log line.
    const limit = Error.stackTraceLimit;
    if (code !== 'INTERNAL') Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'DomainError';
  }
}

/** PostgreSQL error codes the services translate into domain errors. */
export const pgErrorCode = {
  uniqueViolation: '23505',
  checkViolation: '23514',
  deadlockDetected: '40P01',
  serializationFailure: '40001',
  lockNotAvailable: '55P03',
} as const;

export function isPgError(err: unknown, code: string, constraint?: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; constraint?: unknown };
  return e.code === code && (constraint === undefined || e.constraint === constraint);
}
