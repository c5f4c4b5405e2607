/**
 * Exit codes and the one-line messages for every failure. Scripts branch on the exit code; people read the line,
 * which says what went wrong and what to do next. Nothing here ever prints a stack trace.
 */
import { domainErrorOf, retryAfterSeconds, TRPCClientError, type DomainCode } from '@tix/sdk';

/** Documented in the README; never change a number once released, scripts depend on them. */
export const ExitCode = {
  OK: 0,
  /** Anything not covered below (a server fault, say). */
  FAILURE: 1,
  /** Bad flags or arguments, or input the server rejected as invalid. */
  BAD_INPUT: 2,
  /** Not signed in, session expired, wrong password, or not allowed. */
  AUTH: 3,
  /** The concert, date, seat or reservation does not exist. */
  NOT_FOUND: 4,
  /** No answer from the server (not running, wrong --server, network down). */
  UNREACHABLE: 5,
  /** Sold out, or a chosen seat is already taken. */
  SOLD_OUT: 10,
  /** Not admitted from the waiting room (still waiting, gave up waiting, token expired, sale paused or not open). */
  NOT_ADMITTED: 11,
  /** The wallet balance does not cover the payment, or a charge would pass the balance limit. */
  INSUFFICIENT_BALANCE: 12,
  /** The hold ran out or the reservation can no longer be paid or cancelled as asked. */
  HOLD_EXPIRED: 13,
  /** Stopped with Ctrl-C. */
  INTERRUPTED: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The codes of failures the CLI finds itself, beside the API's domain codes. */
type OwnCode =
  'CLI_ERROR' | 'BAD_INPUT' | 'SOLD_OUT' | 'UNREACHABLE' | 'BAD_RESPONSE' | 'UNEXPECTED' | 'INTERRUPTED';
/** What --json output shows as `code`: typed, so a renamed domain code does not compile here either. */
export type CliErrorCode = DomainCode | OwnCode;

/** A failure with its message and exit code, thrown anywhere and printed once by main. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    /** The API's domain code when the failure came from the server; shown in --json output. */
    readonly code: CliErrorCode = 'CLI_ERROR',
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function badInput(message: string): CliError {
  return new CliError(message, ExitCode.BAD_INPUT, 'BAD_INPUT');
}

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

type Explanation = [ExitCodeValue, Explain];

/** Per domain code: the exit code and a sentence that adds what to do about it. A code left out does not compile. */
const explanations = {
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

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/**
 * The one shape of every --json error: the same keys each time (null or [] when they do not apply), so a script
 * reads `error.reservationId` without first checking which error it got.
 */
export function errorJson(e: CliError): Record<string, unknown> {
  const d = e.details;
  return {
    error: {
      code: e.code,
      message: e.message,
      exitCode: e.exitCode,
      domainCode: d.domainCode ?? null,
      fields: d.fields ?? [],
      position: d.position ?? null,
      retryAfterSeconds: d.retryAfterSeconds ?? null,
      reservationId: d.reservationId ?? null,
    },
  };
}

/** The network cause of a failed fetch (undici nests it as `cause`), or null when the server did answer. */
function networkCause(err: unknown): string | null {
  let fetchFailed = false;
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && unreachableCodes.has(code)) return code;
    if ((e as { name?: unknown }).name === 'TimeoutError') return 'no answer in time';
    if (e instanceof TypeError && /fetch failed/i.test(e.message)) fetchFailed = true;
    e = (e as { cause?: unknown }).cause;
  }
  return fetchFailed ? 'fetch failed' : null;
}

/** Turns anything thrown into a CliError with a helpful line; `server` names the URL in network failures. */
export function toCliError(err: unknown, server: string): CliError {
  if (err instanceof CliError) return err;
  const data = domainErrorOf(err);
  if (data) {
    const message = err instanceof Error ? err.message : String(err);
    // Undefined only when a newer server sends a code this CLI was not built with.
    const entry = explanations[data.domainCode] as Explanation | undefined;
    const seconds = retryAfterSeconds(err);
    const details = {
      domainCode: data.domainCode,
      ...(data.fields ? { fields: data.fields } : {}),
      ...(data.position ? { position: data.position } : {}),
      ...(seconds !== null ? { retryAfterSeconds: seconds } : {}),
    };
    if (entry) {
      const [exitCode, explain] = entry;
      return new CliError(
        explain({
          message,
          position: data.position,
          fields: data.fields,
          ...(seconds !== null ? { retryAfterSeconds: seconds } : {}),
        }),
        exitCode,
        data.domainCode,
        details,
      );
    }
    return new CliError(`${message} (${data.domainCode}).`, ExitCode.FAILURE, data.domainCode, details);
  }
  const cause = networkCause(err);
  if (cause) {
    return new CliError(
      `Cannot reach the tix server at ${server} (${cause}). Is it running (\`pnpm start\`)? Point elsewhere with --server or TIX_SERVER.`,
      ExitCode.UNREACHABLE,
      'UNREACHABLE',
    );
  }
  if (err instanceof TRPCClientError) {
    // The server answered with something that is not the API (a proxy's error page, or another program).
    return new CliError(
      `The server at ${server} gave an unexpected answer (${err.message}). Check --server points at a tix server.`,
      ExitCode.UNREACHABLE,
      'BAD_RESPONSE',
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new CliError(
    `Unexpected error: ${message}. Run again; if it persists, report it.`,
    ExitCode.FAILURE,
    'UNEXPECTED',
  );
}
