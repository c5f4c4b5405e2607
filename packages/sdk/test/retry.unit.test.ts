/**
 * The SDK's retry policy on its own: which refusals are sent again, and how long it waits. The retries against a
 * real overloaded server are in apps/server/test/load-shedding.e2e.test.ts.
 */
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeRetry, retryableCode, retryDelayMs } from '../src/retry.js';

function refusal(domainCode: string, retryAfterSeconds?: number): TRPCClientError<never> {
  return TRPCClientError.from({
    error: {
      message: 'refused',
      code: -32603,
      data: { domainCode, code: 'X', httpStatus: 503, retryAfterSeconds },
    },
  });
}

describe('what the SDK sends again', () => {
  it('retries OVERLOADED for every query and mutation: the server refused it before it ran', () => {
    for (const op of [
      { type: 'query', path: 'concert.list' },
      { type: 'mutation', path: 'reservation.hold' },
      { type: 'mutation', path: 'payment.pay' },
    ] as const) {
      expect(retryableCode(op, refusal('OVERLOADED', 1))).toBe('OVERLOADED');
    }
  });

  it('retries RATE_LIMITED for queries and payment.pay only, and only for short waits', () => {
    expect(retryableCode({ type: 'query', path: 'queue.status' }, refusal('RATE_LIMITED', 2))).toBe(
      'RATE_LIMITED',
    );
    expect(retryableCode({ type: 'mutation', path: 'payment.pay' }, refusal('RATE_LIMITED', 2))).toBe(
      'RATE_LIMITED',
    );
    expect(
      retryableCode({ type: 'mutation', path: 'reservation.hold' }, refusal('RATE_LIMITED', 2)),
    ).toBeNull();
    expect(retryableCode({ type: 'mutation', path: 'auth.signIn' }, refusal('RATE_LIMITED', 2))).toBeNull();
    // A sign-in lockout of minutes is the person's to know about, not a spinner's.
    expect(retryableCode({ type: 'query', path: 'queue.status' }, refusal('RATE_LIMITED', 900))).toBeNull();
  });

  it('retries SERVICE_UNAVAILABLE (a dependency down) for queries and payment.pay, and says what is happening', () => {
    expect(retryableCode({ type: 'query', path: 'queue.status' }, refusal('SERVICE_UNAVAILABLE', 1))).toBe(
      'SERVICE_UNAVAILABLE',
    );
    expect(retryableCode({ type: 'mutation', path: 'payment.pay' }, refusal('SERVICE_UNAVAILABLE', 1))).toBe(
      'SERVICE_UNAVAILABLE',
    );
    expect(
      retryableCode({ type: 'mutation', path: 'reservation.hold' }, refusal('SERVICE_UNAVAILABLE', 1)),
    ).toBeNull();
    const info = {
      path: 'queue.status',
      domainCode: 'SERVICE_UNAVAILABLE',
      attempt: 2,
      delayMs: 1200,
    } as const;
    expect(describeRetry({ ...info, dependency: 'redis' })).toBe(
      'The waiting room is catching up; your place is kept. Trying again in 2 s…',
    );
    expect(describeRetry({ ...info, dependency: 'database' })).toBe(
      'The service is briefly unavailable; retrying in 2 s…',
    );
  });

  it('never retries other errors or subscriptions', () => {
    expect(
      retryableCode({ type: 'mutation', path: 'reservation.hold' }, refusal('SEAT_UNAVAILABLE')),
    ).toBeNull();
    expect(retryableCode({ type: 'query', path: 'concert.list' }, new Error('fetch failed'))).toBeNull();
    expect(retryableCode({ type: 'subscription', path: 'queue.watch' }, refusal('OVERLOADED', 1))).toBeNull();
  });
});

describe('how long it waits', () => {
  it('waits Retry-After plus a full jitter that doubles per attempt, capped', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 5000 };
    expect(retryDelayMs(1, 1, policy, () => 0)).toBe(1000);
    expect(retryDelayMs(1, 1, policy, () => 1)).toBe(1100);
    expect(retryDelayMs(3, 1, policy, () => 1)).toBe(1400);
    expect(retryDelayMs(3, null, policy, () => 0.5)).toBe(200);
    expect(retryDelayMs(10, 1, policy, () => 1)).toBe(5000);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(4, 1, policy)));
    expect(spread.size).toBeGreaterThan(10);
  });

  it('says so in one sentence', () => {
    const info = { path: 'payment.pay', attempt: 2, delayMs: 1300 } as const;
    expect(describeRetry({ ...info, domainCode: 'OVERLOADED' })).toBe(
      'The sale is very busy; trying again in 2 s…',
    );
    expect(describeRetry({ ...info, domainCode: 'RATE_LIMITED' })).toBe(
      'Too many requests at once; trying again in 2 s…',
    );
  });
});
