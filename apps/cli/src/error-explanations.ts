/**
 * Per domain code of the API: the CLI's exit code for it and the sentence a person reads, which adds what to do
 * about it. errors.ts turns a failed call into a CliError with these.
 */
import type { DomainCode } from '@tix/sdk';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

type Explain = (data: {
  message: string;
  position?: number;
  fields?: string[];
  retryAfterSeconds?: number;
}) => string;

/** The wait a RATE_LIMITED or OVERLOADED answer names, in words. */
function tryAgainIn(seconds: number | undefined): string {
  if (seconds === undefined) return 'Try again in a few seconds.';
  return `Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
}

const updateBoth = 'Update tix and the server to the same version.';

export type Explanation = [ExitCodeValue, Explain];

/** Per domain code: the exit code and a sentence that adds what to do about it. A code left out does not compile. */
export const explanations = {
  VALIDATION_FAILED: [ExitCode.BAD_INPUT, (d) => `${d.message.replace(/\.$/, '')}.`],
  UNAUTHENTICATED: [ExitCode.AUTH, () => 'You are not signed in, or your session expired. Run `tix login`.'],
  INVALID_CREDENTIALS: [
    ExitCode.AUTH,
    () => 'Wrong username or password. Try again, or `tix signup` for a new account.',
  ],
  USERNAME_TAKEN: [
    ExitCode.BAD_INPUT,
    () => 'That username is taken. Choose another, or `tix login` if it is yours.',
  ],
  FORBIDDEN: [ExitCode.AUTH, () => 'That belongs to another account. Check the id, or sign in as its owner.'],
  SEAT_UNAVAILABLE: [
    ExitCode.SOLD_OUT,
    () => 'One or more of those seats were just taken. Run `tix seats` to see what is free and choose again.',
  ],
  ALREADY_PAID: [
    ExitCode.HOLD_EXPIRED,
    () => 'This reservation is already paid. See it with `tix reservations`.',
  ],
  HOLD_ALREADY_PENDING: [
    ExitCode.BAD_INPUT,
    () =>
      'You already hold unpaid seats for this date. Pay them (`tix pay <id>`) or cancel them (`tix cancel <id>`) first; `tix reservations` lists them.',
  ],
  IDEMPOTENCY_KEY_REUSED: [
    ExitCode.BAD_INPUT,
    () => 'That idempotency key was already used for a different request; use a new key.',
  ],
  QUEUE_TOKEN_MISSING: [
    ExitCode.NOT_ADMITTED,
    () =>
      "You have no place in this concert's waiting room. Run `tix queue <concert>` (or `tix buy <concert>`) first.",
  ],
  QUEUE_TOKEN_INVALID: [
    ExitCode.NOT_ADMITTED,
    () =>
      'Your waiting-room place could not be found any more. Join again with `tix queue <concert>`; seats you hold can still be paid with `tix pay`.',
  ],
  QUEUE_NOT_ADMITTED: [
    ExitCode.NOT_ADMITTED,
    (d) =>
      `You are still in the waiting room${d.position ? ` (position ${d.position})` : ''}. Wait for your turn with \`tix queue <concert>\`.`,
  ],
  QUEUE_TOKEN_EXPIRED: [
    ExitCode.NOT_ADMITTED,
    () => 'Your waiting-room turn has ended. Join again with `tix queue <concert>`.',
  ],
  QUEUE_WRONG_CONCERT: [
    ExitCode.NOT_ADMITTED,
    () => 'Your waiting-room place is for another concert. Join this one with `tix queue <concert>`.',
  ],
  QUEUE_PAUSED: [ExitCode.NOT_ADMITTED, () => 'The organiser has paused this sale. Try again later.'],
  QUEUE_NOT_OPEN: [
    ExitCode.NOT_ADMITTED,
    () => 'The waiting room for this concert is not open yet. `tix concerts` shows when the sale opens.',
  ],
  CONCERT_NOT_FOUND: [ExitCode.NOT_FOUND, () => 'No such concert. `tix concerts` lists them.'],
  PERFORMANCE_NOT_FOUND: [ExitCode.NOT_FOUND, () => 'No such date. `tix dates <concert>` lists them.'],
  SEAT_NOT_FOUND: [ExitCode.NOT_FOUND, () => 'No such seat number. `tix seats <date>` shows the seat map.'],
  RESERVATION_NOT_FOUND: [ExitCode.NOT_FOUND, () => 'No such reservation. `tix reservations` lists yours.'],
  PAYMENT_NOT_FOUND: [ExitCode.NOT_FOUND, () => 'No such payment.'],
  WEBHOOK_NOT_FOUND: [ExitCode.NOT_FOUND, () => 'No such webhook. The operator page lists them.'],
  DELIVERY_NOT_FOUND: [ExitCode.NOT_FOUND, () => 'No such webhook delivery.'],
  PROCEDURE_NOT_FOUND: [
    ExitCode.FAILURE,
    () => 'The server does not offer this yet (it may be an older version). Update the server and try again.',
  ],
  INSUFFICIENT_BALANCE: [
    ExitCode.INSUFFICIENT_BALANCE,
    () =>
      'Your wallet balance does not cover this payment. Add money with `tix wallet charge <amount>`, then `tix pay <reservation>` while the hold lasts.',
  ],
  BALANCE_LIMIT_EXCEEDED: [
    ExitCode.INSUFFICIENT_BALANCE,
    () => 'A wallet may hold at most 100,000,000 won. Charge a smaller amount.',
  ],
  RESERVATION_EXPIRED: [
    ExitCode.HOLD_EXPIRED,
    () =>
      'The hold ran out and the seats were released; nothing was charged. Hold them again with `tix hold` or `tix buy`.',
  ],
  RESERVATION_NOT_PAYABLE: [
    ExitCode.HOLD_EXPIRED,
    () =>
      'This reservation can no longer be paid (it was cancelled or has expired). `tix reservations` shows its state.',
  ],
  REFUND_WINDOW_CLOSED: [
    ExitCode.HOLD_EXPIRED,
    () => 'It is too close to the performance to cancel a paid ticket.',
  ],
  TOO_MANY_SEATS: [
    ExitCode.BAD_INPUT,
    () => 'Too many seats for one order. `tix dates <concert>` shows the limit.',
  ],
  SHOW_DATE_IN_PAST: [ExitCode.BAD_INPUT, (d) => `${d.message}: ${fieldList(d.fields)} is in the past.`],
  SHOW_BEFORE_SALE: [
    ExitCode.BAD_INPUT,
    (d) => `${d.message}: check ${fieldList(d.fields)} and saleOpensAt.`,
  ],
  QUEUE_OPENS_AFTER_SALE: [ExitCode.BAD_INPUT, (d) => `${d.message}: check queueOpensAt and saleOpensAt.`],
  CONCERT_OVER: [
    ExitCode.NOT_FOUND,
    () => 'Every date of this concert has passed; `tix concerts` lists the others.',
  ],
  CONCERT_CANCELLED: [
    ExitCode.NOT_FOUND,
    () =>
      'This concert was cancelled; paid tickets were refunded to your wallet. `tix concerts` lists the others.',
  ],
  SALE_ALREADY_OPEN: [
    ExitCode.BAD_INPUT,
    () => 'The sale has opened: its opening times and show dates can no longer change.',
  ],
  STANDING_UNAVAILABLE: [
    ExitCode.SOLD_OUT,
    () => 'That standing area has fewer places free than you asked for. Run `tix seats` to see what is left.',
  ],
  RATE_LIMITED: [ExitCode.FAILURE, (d) => `Too many attempts. ${tryAgainIn(d.retryAfterSeconds)}`],
  // Seen only once the SDK's own retries (announced as they happen) ran out.
  OVERLOADED: [
    ExitCode.FAILURE,
    (d) =>
      `The sale is very busy and the server could not take the request. ${tryAgainIn(d.retryAfterSeconds)}`,
  ],
  // Seen only once the SDK's own retries (announced as they happen) ran out.
  SERVICE_UNAVAILABLE: [
    ExitCode.FAILURE,
    (d) =>
      `The service is briefly unavailable and did not come back in time. ${tryAgainIn(d.retryAfterSeconds)}`,
  ],
  // The request's envelope: the SDK builds it, so these mean a client and server of different versions.
  METHOD_NOT_SUPPORTED: [ExitCode.FAILURE, (d) => `${d.message} (METHOD_NOT_SUPPORTED). ${updateBoth}`],
  UNSUPPORTED_MEDIA_TYPE: [ExitCode.FAILURE, (d) => `${d.message} (UNSUPPORTED_MEDIA_TYPE). ${updateBoth}`],
  PAYLOAD_TOO_LARGE: [
    ExitCode.BAD_INPUT,
    () => 'That request is too large for the server. Send less at once.',
  ],
  BATCH_TOO_LARGE: [ExitCode.FAILURE, (d) => `${d.message} (BATCH_TOO_LARGE). ${updateBoth}`],
  INTERNAL: [ExitCode.FAILURE, (d) => `${d.message} (INTERNAL).`],
} satisfies Record<DomainCode, Explanation>;

function fieldList(fields: string[] | undefined): string {
  return fields && fields.length > 0 ? fields.join(', ') : 'a date';
}
