/** Reading the API's errors: the domain code and the facts that come with it. */
import type { AppRouter, DomainCode } from '@tix/api';
import { TRPCClientError } from '@trpc/client';

/** The shape of `error.data` for every API error. */
export interface DomainErrorData {
  /** One of the API's closed set of codes (a server newer than this client may send one it does not list). */
  domainCode: DomainCode;
  code: string;
  httpStatus: number;
  fields?: string[];
  position?: number;
  /** On RATE_LIMITED, OVERLOADED and SERVICE_UNAVAILABLE: seconds until the call may be tried again (also the answer's Retry-After header). */
  retryAfterSeconds?: number;
  /** On SERVICE_UNAVAILABLE: the part that is down (PostgreSQL or Redis). */
  dependency?: 'redis' | 'database';
  [key: string]: unknown;
}

/** The API error's domain data, or null when `err` is not an API error (a network failure, say). */
export function domainErrorOf(err: unknown): DomainErrorData | null {
  if (!(err instanceof TRPCClientError)) return null;
  const data = (err as TRPCClientError<AppRouter>).data as DomainErrorData | undefined;
  return data?.domainCode ? data : null;
}

/**
 * True when `err` is an API error with this domain code (any code when none is given). The code is typed, so a
 * misspelt or renamed code does not compile.
 * @example if (isDomainError(err, 'SEAT_UNAVAILABLE')) showTaken();
 */
export function isDomainError(err: unknown, code?: DomainCode): err is TRPCClientError<AppRouter> {
  const data = domainErrorOf(err);
  return data !== null && (code === undefined || data.domainCode === code);
}

/**
 * Seconds to wait before trying again when `err` is RATE_LIMITED, OVERLOADED or SERVICE_UNAVAILABLE, else null.
 * @example const wait = retryAfterSeconds(err); if (wait) show(`Try again in ${wait} seconds.`);
 */
export function retryAfterSeconds(err: unknown): number | null {
  const data = domainErrorOf(err);
  const waits =
    data?.domainCode === 'RATE_LIMITED' ||
    data?.domainCode === 'OVERLOADED' ||
    data?.domainCode === 'SERVICE_UNAVAILABLE';
  const seconds = waits ? data.retryAfterSeconds : undefined;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : null;
}
