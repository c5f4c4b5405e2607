/** One clear sentence per API error code, so every screen explains a failure the same way. */
import { domainErrorOf, retryAfterSeconds, type DomainCode } from '@tix/sdk';

const fallback = 'Something went wrong. Please try again.';
// The request's envelope is the SDK's work, so an envelope error means the page and the server differ in version.
const outOfDate = 'This page is out of date. Please reload it and try again.';

/** Every code has its sentence: a code left out does not compile. */
const messages = {
  VALIDATION_FAILED: 'Please check the highlighted field.',
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  INVALID_CREDENTIALS: 'That username and password do not match.',
  USERNAME_TAKEN: 'That username is taken. Try another one.',
  SEAT_UNAVAILABLE: 'Someone else just took one of those seats. Please choose again.',
  ALREADY_PAID: 'This reservation is already paid.',
  HOLD_ALREADY_PENDING: 'You already hold seats for this date. Pay for them or cancel them first.',
  IDEMPOTENCY_KEY_REUSED: 'That request was already sent with different details. Please try again.',
  FORBIDDEN: 'That belongs to someone else.',
  QUEUE_TOKEN_MISSING: 'Join the waiting room first.',
  QUEUE_TOKEN_INVALID: 'Your place in the waiting room is no longer valid. Please join again.',
  QUEUE_NOT_ADMITTED: 'It is not your turn yet. Please wait in the waiting room.',
  QUEUE_TOKEN_EXPIRED: 'Your shopping time ran out. Please join the waiting room again.',
  QUEUE_WRONG_CONCERT: 'Your waiting-room place is for another concert.',
  CONCERT_NOT_FOUND: 'That concert does not exist.',
  PERFORMANCE_NOT_FOUND: 'That date does not exist.',
  SEAT_NOT_FOUND: 'That seat does not exist.',
  RESERVATION_NOT_FOUND: 'That reservation does not exist.',
  PAYMENT_NOT_FOUND: 'That payment does not exist.',
  WEBHOOK_NOT_FOUND: 'That webhook does not exist (any more).',
  DELIVERY_NOT_FOUND: 'That delivery does not exist (any more).',
  PROCEDURE_NOT_FOUND: outOfDate,
  INSUFFICIENT_BALANCE: 'Your wallet balance is too low. Charge your wallet and pay again.',
  RESERVATION_EXPIRED: 'Your hold expired and the seats were released. Nothing was charged.',
  RESERVATION_NOT_PAYABLE: 'This reservation can no longer be paid.',
  REFUND_WINDOW_CLOSED: 'Refunds have closed for this performance.',
  TOO_MANY_SEATS: 'That is more seats than one order allows.',
  SHOW_DATE_IN_PAST: 'A show date is in the past. Choose a date that is still to come.',
  SHOW_BEFORE_SALE: 'A show starts before the sale opens. Move the show or open the sale earlier.',
  QUEUE_OPENS_AFTER_SALE: 'The waiting room must open before (or when) the sale opens.',
  CONCERT_OVER: 'Every date of this concert has passed.',
  CONCERT_CANCELLED: 'This concert was cancelled. Paid tickets were refunded to the wallet.',
  SALE_ALREADY_OPEN: 'The sale has opened: its opening times and show dates can no longer change.',
  STANDING_UNAVAILABLE: 'That standing area has fewer places free than you asked for.',
  BALANCE_LIMIT_EXCEEDED: 'That would take your wallet over its 100,000,000 won limit.',
  QUEUE_PAUSED: 'The sale is paused by the organiser. Your place is kept; please wait.',
  QUEUE_NOT_OPEN: 'The waiting room for this concert is not open yet.',
  RATE_LIMITED: 'Too many attempts. Please wait a moment and try again.',
  OVERLOADED: 'The sale is very busy right now. Please wait a moment and try again.',
  SERVICE_UNAVAILABLE:
    'The service is briefly unavailable. Your place is kept; please try again in a moment.',
  METHOD_NOT_SUPPORTED: outOfDate,
  UNSUPPORTED_MEDIA_TYPE: outOfDate,
  PAYLOAD_TOO_LARGE: 'That request is too large. Please send less at once.',
  BATCH_TOO_LARGE: outOfDate,
  INTERNAL: fallback,
} satisfies Record<DomainCode, string>;

export interface ErrorInfo {
  /** The API's code; NETWORK when no answer came, NOT_ENOUGH when the page finds too few free seats itself. */
  code: DomainCode | 'NETWORK' | 'NOT_ENOUGH';
  message: string;
  fields: string[];
}

/** The code, a sentence for people, and the fields at fault for any thrown error. */
export function describeError(err: unknown): ErrorInfo {
  const data = domainErrorOf(err);
  if (!data) {
    return {
      code: 'NETWORK',
      message: 'Cannot reach the server. Check your connection and try again.',
      fields: [],
    };
  }
  const fields = data.fields ?? [];
  // A server newer than this page may send a code it does not know.
  let message = (messages[data.domainCode] as string | undefined) ?? fallback;
  if (data.domainCode === 'VALIDATION_FAILED' && err instanceof Error && err.message) {
    // The server names each field and what is wrong with it ("password: at least 8 characters").
    const text = err.message.replace(/^Invalid input:\s*/, '');
    message = text.charAt(0).toUpperCase() + text.slice(1);
  }
  if (data.domainCode === 'QUEUE_NOT_ADMITTED' && typeof data.position === 'number') {
    message = `It is not your turn yet: you are number ${data.position} in line.`;
  }
  const wait = retryAfterSeconds(err);
  if (wait !== null && data.domainCode === 'RATE_LIMITED') {
    message = `Too many attempts. Try again in ${wait} ${wait === 1 ? 'second' : 'seconds'}.`;
  }
  return { code: data.domainCode, message, fields };
}
