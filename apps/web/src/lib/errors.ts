/**
 * Every error in words a person understands, in one place: a sentence per API code, a sentence per field at fault
 * (the validator's own text, "ConcertId: a concert id (uuid)", never reaches the page), and what a URL that names
 * nothing should say ("We couldn't find that concert"). The operator screens use the same functions.
 */
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

/** Fields that name a thing by id: a bad or unknown one means "we couldn't find that …". */
const things: Record<string, string> = {
  concertId: 'concert',
  performanceId: 'date',
  reservationId: 'reservation',
  paymentId: 'payment',
  webhookId: 'webhook',
  deliveryId: 'delivery',
};
const notFoundCodes: Partial<Record<DomainCode, string>> = {
  CONCERT_NOT_FOUND: 'concert',
  PERFORMANCE_NOT_FOUND: 'date',
  RESERVATION_NOT_FOUND: 'reservation',
  PAYMENT_NOT_FOUND: 'payment',
  WEBHOOK_NOT_FOUND: 'webhook',
  DELIVERY_NOT_FOUND: 'delivery',
  SEAT_NOT_FOUND: 'seat',
};

/** What each request field is called in a sentence, by its path with list positions as `*`. */
const fieldLabels: Record<string, string> = {
  username: 'username',
  password: 'password',
  amount: 'amount',
  seatNos: 'seats',
  seats: 'seats',
  standing: 'standing places',
  'standing.sectionId': 'standing area',
  'standing.count': 'number of standing places',
  best: 'best-available choice',
  'best.count': 'number of seats',
  'best.grade': 'grade',
  'best.sectionId': 'section',
  query: 'search',
  title: 'title',
  venue: 'venue',
  description: 'description',
  performers: 'performers',
  city: 'city',
  category: 'category',
  queueOpensAt: 'waiting-room opening',
  saleOpensAt: 'sale opening',
  holdSeconds: 'hold time',
  maxSeatsPerOrder: 'places per order',
  refundCutoffSeconds: 'refund cut-off',
  maxActive: 'number of shoppers at once',
  admitPerSecond: 'admission rate',
  activeTtlSeconds: 'shopping time',
  performances: 'dates',
  'performances.*.startsAt': 'show date',
  'performances.*.seats': 'number of seats',
  'performances.*.layout': 'seat layout',
  'performances.*.venue': 'venue layout',
  'performances.*.prices': 'prices',
  url: 'webhook address',
  events: 'events',
};

/** Fields whose problem has one sentence whatever the validator said. */
const fieldSentences: Record<string, string> = {
  username: 'A username has 3 to 32 characters: letters, digits, dots, dashes and underscores.',
  amount: 'Enter an amount in whole won, more than zero.',
  cursor: 'This list changed while you were reading it. Please reload the page.',
  idempotencyKey: outOfDate,
  '(input)': outOfDate,
};

/** "performances.0.startsAt" → "performances.*.startsAt"; unknown fields fall back to their own words. */
function labelOf(field: string, labels: Record<string, string>): string {
  const key = field.replace(/\.\d+(?=\.|$)/g, '.*');
  const known = labels[field] ?? labels[key] ?? fieldLabels[key];
  if (known) return known;
  const last =
    key
      .split('.')
      .filter((p) => p !== '*')
      .pop() ?? key;
  return last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * One plain sentence for a field the server refused, given the validator's message for it (if any). `labels`
 * names fields the way a screen's form does ({ maxActive: 'shoppers at once' }).
 */
export function fieldProblem(field: string, issue = '', labels: Record<string, string> = {}): string {
  const key = field.replace(/\.\d+(?=\.|$)/g, '.*');
  const thing = things[key];
  if (thing) return `We couldn't find that ${thing}.`;
  const label = labelOf(field, labels);
  if (/^required$|received undefined/.test(issue)) return `Please fill in the ${label}.`;
  if (!labels[field] && !labels[key] && fieldSentences[key]) return fieldSentences[key];
  const n = /(-?\d[\d,]*)/.exec(issue)?.[1];
  if (field === 'password' && n && /at least/.test(issue))
    return `Choose a password of at least ${n} characters.`;
  if (/expected (number|int), received/.test(issue)) return `Enter a whole number for the ${label}.`;
  if (/expected date|Invalid date|datetime|^a date$/i.test(issue))
    return `Enter a valid date and time for the ${label}.`;
  if (/control characters/.test(issue)) return `The ${label} contains characters that cannot be used.`;
  if (n && /(at least|>=?).*characters/.test(issue)) return `The ${label} needs at least ${n} characters.`;
  if (n && /(at most|<=?).*characters/.test(issue)) return `The ${label} can have at most ${n} characters.`;
  if (n && /expected array to have >=/.test(issue)) return `Choose at least ${n} ${label}.`;
  if (n && /expected array to have <=/.test(issue)) return `Choose at most ${n} ${label}.`;
  if (n && /Too small|at least/.test(issue)) return `The ${label} must be at least ${n}.`;
  if (n && /Too big|at most/.test(issue)) return `The ${label} must be at most ${n}.`;
  if (/Invalid option|expected one of/.test(issue)) return `Choose a ${label} from the list.`;
  // The schemas' own words (packages/api) are plain already once the field has its name: "a date", "http or
  // https only". zod's generic text and anything naming a format ("uuid") get the general sentence instead.
  if (!issue || /^(Invalid|Too |Expected|Unrecognized|Unexpected)|uuid/i.test(issue))
    return `Please check the ${label}.`;
  if (/^an? /.test(issue)) return `Enter ${issue} for the ${label}.`;
  return `${label.charAt(0).toUpperCase()}${label.slice(1)}: ${issue}.`;
}

export interface ErrorInfo {
  /** The API's code; NETWORK when no answer came, NOT_ENOUGH when the page finds too few free seats itself. */
  code: DomainCode | 'NETWORK' | 'NOT_ENOUGH';
  message: string;
  fields: string[];
  /** A sentence per field at fault, for forms that show each under its input. */
  problems?: { field: string; message: string }[];
  /** The buyer's open hold a HOLD_ALREADY_PENDING names, when the server says which. */
  reservationId?: string;
}

/**
 * The code, a sentence for people, and the fields at fault for any thrown error. `labels` names a form's fields
 * in its own words for validation failures.
 */
export function describeError(err: unknown, labels: Record<string, string> = {}): ErrorInfo {
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
  let problems: ErrorInfo['problems'];
  if (data.domainCode === 'VALIDATION_FAILED' && fields.length > 0) {
    const issues = Array.isArray(data.issues) ? (data.issues as { field: string; message: string }[]) : [];
    problems = fields.map((field) => ({
      field,
      message: fieldProblem(field, issues.find((i) => i.field === field)?.message, labels),
    }));
    message = [...new Set(problems.map((p) => p.message))].slice(0, 3).join(' ');
  }
  if (data.domainCode === 'QUEUE_NOT_ADMITTED' && typeof data.position === 'number') {
    message = `It is not your turn yet: you are number ${data.position} in line.`;
  }
  const wait = retryAfterSeconds(err);
  if (wait !== null && data.domainCode === 'RATE_LIMITED') {
    message = `Too many attempts. Try again in ${wait} ${wait === 1 ? 'second' : 'seconds'}.`;
  }
  const reservationId = typeof data.reservationId === 'string' ? data.reservationId : undefined;
  return {
    code: data.domainCode,
    message,
    fields,
    ...(problems ? { problems } : {}),
    ...(reservationId ? { reservationId } : {}),
  };
}

/**
 * What a screen reached by URL should say when the URL names nothing: "concert", "date", "reservation" … for an
 * unknown id or one that is not an id at all (/concerts/not-an-id); null for every other failure.
 */
export function notFoundOf(err: unknown): string | null {
  const data = domainErrorOf(err);
  if (!data) return null;
  const byCode = notFoundCodes[data.domainCode];
  if (byCode) return byCode;
  if (data.domainCode !== 'VALIDATION_FAILED') return null;
  const named = (data.fields ?? []).map((f) => things[f]).filter(Boolean);
  return named[0] ?? null;
}
