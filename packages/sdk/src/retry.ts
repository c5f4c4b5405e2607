/**
 * Calls the server refused for load are sent again, after a wait, a bounded number of times: a busy sale answers
 * OVERLOADED (503) or RATE_LIMITED (429) with the seconds to wait, and a client that retried at once, or all clients
 * at the same moment, would only keep it busy. Each wait is the server's `retryAfterSeconds` plus a full-jitter
 * exponential backoff (a random share of base·2ⁿ), so a crowd refused together comes back spread out.
 *
 * What is safe to send again:
 * - OVERLOADED, any query or mutation: the server refuses it from the path alone, before reading the input, so the
 *   refused call did nothing.
 * - RATE_LIMITED, queries, and mutations that are idempotent by contract (`payment.pay` carries its idempotency key,
 *   so a repeat returns the first payment). A limited `reservation.hold` did nothing either (the limit is spent
 *   before the hold), but the person chose those seats seconds ago; after a wait they may be gone, and they should
 *   know that the hold did not happen rather than wait behind a spinner. Waits longer than `maxDelayMs` (a sign-in
 *   lockout of minutes) are never hidden behind a retry.
 * - SERVICE_UNAVAILABLE (PostgreSQL or Redis briefly down, `data.dependency` says which), queries and idempotent
 *   mutations, as for RATE_LIMITED: the server answered at once and asks for a retry after `Retry-After`. A mutation
 *   that is not idempotent may have done part of its work before the dependency failed, so it is the caller's.
 * - No answer at all (the connection was refused, or reset before a reply: a server SIGKILLed or stopping), a
 *   keyed mutation only, and once: `payment.pay` carries its idempotency key, so whether or not the lost attempt
 *   reached the server, the same call again pays once or returns the first payment. Anything else that got no
 *   answer is the caller's (a query may be sent again by it; the SDK cannot tell a dead server from a slow one
 *   for long, so it does not keep trying). An aborted or timed-out call is never sent again.
 * - Subscriptions are left to their own link, which reconnects on its own.
 */
import type { AppRouter } from '@tix/api';
import { TRPCClientError, type Operation, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { domainErrorOf, retryAfterSeconds } from './errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included (default 5; 1 turns retries off). */
  attempts?: number;
  /** Base of the exponential backoff (default 250 ms). */
  baseDelayMs?: number;
  /** The longest wait before one retry (default 10 s); a longer Retry-After is not retried. */
  maxDelayMs?: number;
}

export interface RetryInfo {
  /** The procedure, e.g. `payment.pay`. */
  path: string;
  /** Why: the server's domain code, or NO_ANSWER (not a domain code) when the connection closed with no reply. */
  domainCode: 'OVERLOADED' | 'RATE_LIMITED' | 'SERVICE_UNAVAILABLE' | 'NO_ANSWER';
  /** For SERVICE_UNAVAILABLE: the part that is down. */
  dependency?: 'redis' | 'database';
  /** The attempt about to be made (2 for the first retry). */
  attempt: number;
  delayMs: number;
}

/**
 * The sentence every client shows while it waits to retry, in one place.
 * @example onRetry: (info) => status(describeRetry(info)) // "The sale is very busy; trying again in 2 s…"
 */
export function describeRetry(info: RetryInfo): string {
  const seconds = Math.max(1, Math.ceil(info.delayMs / 1000));
  if (info.domainCode === 'NO_ANSWER') return `The connection was lost; trying again in ${seconds} s…`;
  if (info.domainCode === 'SERVICE_UNAVAILABLE') {
    return info.dependency === 'redis'
      ? `The waiting room is catching up; your place is kept. Trying again in ${seconds} s…`
      : `The service is briefly unavailable; retrying in ${seconds} s…`;
  }
  return info.domainCode === 'OVERLOADED'
    ? `The sale is very busy; trying again in ${seconds} s…`
    : `Too many requests at once; trying again in ${seconds} s…`;
}

const defaults: Required<RetryPolicy> = { attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000 };

/** Mutations whose repeat has the effect of one call. */
const idempotentMutations = new Set(['payment.pay']);

/** The wait before attempt `attempt + 1`: Retry-After plus full jitter over base·2^(attempt−1), capped. */
export function retryDelayMs(
  attempt: number,
  retryAfterSecondsValue: number | null,
  policy: RetryPolicy = {},
  random: () => number = Math.random,
): number {
  const { baseDelayMs, maxDelayMs } = { ...defaults, ...policy };
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.min(maxDelayMs, (retryAfterSecondsValue ?? 0) * 1000 + Math.round(random() * ceiling));
}

/**
 * Whether `err` says the call got no answer at all: fetch itself failed (a TypeError: refused, reset, "other side
 * closed"), as opposed to an error the server sent, an abort or a timeout (a DOMException), or a reply that did not
 * parse.
 */
export function gotNoAnswer(err: unknown): boolean {
  return err instanceof TRPCClientError && err.data === undefined && err.cause instanceof TypeError;
}

/** Why `op`, refused with `err`, may be sent again (its domain code, or NO_ANSWER), or null when it must not be. */
export function retryableCode(
  op: Pick<Operation, 'type' | 'path'>,
  err: unknown,
  maxDelayMs: number = defaults.maxDelayMs,
): RetryInfo['domainCode'] | null {
  if (op.type === 'subscription') return null;
  if (gotNoAnswer(err))
    return op.type === 'mutation' && idempotentMutations.has(op.path) ? 'NO_ANSWER' : null;
  const code = domainErrorOf(err)?.domainCode;
  if (code === 'OVERLOADED') return code;
  if (code !== 'RATE_LIMITED' && code !== 'SERVICE_UNAVAILABLE') return null;
  if (op.type === 'mutation' && !idempotentMutations.has(op.path)) return null;
  return (retryAfterSeconds(err) ?? 0) * 1000 <= maxDelayMs ? code : null;
}

export function retryOnLoadLink(
  policy: RetryPolicy,
  onRetry: ((info: RetryInfo) => void) | undefined,
): TRPCLink<AppRouter> {
  const settings = { ...defaults, ...policy };
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        let current: { unsubscribe(): void } | undefined;
        let done = false;
        let resentForNoAnswer = false;
        const attempt = (n: number) => {
          current = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (err: TRPCClientError<AppRouter>) => {
              let code = n < settings.attempts ? retryableCode(op, err, settings.maxDelayMs) : null;
              if (code === 'NO_ANSWER') {
                if (resentForNoAnswer) code = null; // once: a second silence is the caller's to judge
                resentForNoAnswer = true;
              }
              if (!code || done || op.signal?.aborted) return observer.error(err);
              const delayMs = retryDelayMs(n, retryAfterSeconds(err), settings);
              const dependency = domainErrorOf(err)?.dependency;
              onRetry?.({
                path: op.path,
                domainCode: code,
                attempt: n + 1,
                delayMs,
                ...((dependency === 'redis' || dependency === 'database') && { dependency }),
              });
              timer = setTimeout(() => attempt(n + 1), delayMs);
            },
          });
        };
        attempt(1);
        return () => {
          done = true;
          clearTimeout(timer);
          current?.unsubscribe();
        };
      });
}
