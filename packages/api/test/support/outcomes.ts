/**
 * Helpers shared by the reservation and payment tests: an audited app per describe block, the domain code of a
 * failed caller call, outcome counts of a race, and a snapshot of everything a refused request must not change.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { Deps } from '../../src/deps.js';
import { DomainError } from '../../src/errors.js';
import { auditInvariants, cleanAudit, createTestApp, type TestApp } from './index.js';

export interface Failure {
  code: string;
  fields: string[];
  details: Record<string, unknown>;
}

/** Runs `call` expecting a refusal; returns its domain code (Zod failures count as VALIDATION_FAILED) and fields. */
export async function failureOf(call: Promise<unknown>): Promise<Failure> {
  const err = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  return describeFailure(err);
}

/** The domain code, fields and details of an error a caller threw; anything else is rethrown. */
export function describeFailure(err: unknown): Failure {
  const cause = err instanceof TRPCError ? err.cause : err;
  if (cause instanceof DomainError) {
    return { code: cause.code, fields: cause.details.fields ?? [], details: cause.details };
  }
  const issues = (cause as { issues?: Array<{ path: PropertyKey[] }> } | undefined)?.issues;
  if (err instanceof TRPCError && err.code === 'BAD_REQUEST' && issues) {
    return {
      code: 'VALIDATION_FAILED',
      fields: [...new Set(issues.map((i) => i.path.map(String).join('.')))],
      details: {},
    };
  }
  throw err;
}

/** Row counts and money totals a refused request must not change. */
export async function stateOf(deps: Deps) {
  const count = async (table: 'reservations' | 'payments' | 'wallet_ledger' | 'reservation_seats') =>
    Number(
      (
        await deps.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const seats = await deps.db
    .selectFrom('seats')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .orderBy('status')
    .execute();
  const money = await deps.db
    .selectFrom('wallet_accounts')
    .select((eb) => eb.fn.sum<string>('balance').as('total'))
    .executeTakeFirstOrThrow();
  return {
    reservations: await count('reservations'),
    reservationSeats: await count('reservation_seats'),
    payments: await count('payments'),
    ledger: await count('wallet_ledger'),
    seats: seats.map((s) => `${s.status}:${s.n}`),
    money: String(money.total ?? 0),
  };
}

/**
 * A TestApp for the enclosing `describe`: created before its tests, audited after each one (live holds judged by
 * the test's clock), closed after all. Use it at the top of the describe block.
 */
export function auditedTestApp(options: { redis?: boolean; clock: Clock }): TestApp {
  let app: TestApp | undefined;
  const current = () => {
    if (!app) throw new Error('auditedTestApp: only inside a test');
    return app;
  };
  beforeAll(async () => {
    app = await createTestApp(options);
  });
  afterEach(async () => {
    expect(await auditInvariants(current().deps.db, options.clock.now())).toEqual(cleanAudit);
  });
  afterAll(async () => {
    await app?.close();
  });
  return {
    get deps() {
      return current().deps;
    },
    get database() {
      return current().database;
    },
    get redis() {
      return current().redis;
    },
    clock: options.clock,
    caller: (credentials) => current().caller(credentials),
    close: () => current().close(),
  };
}

/** Settles every call and counts the outcomes: `OK` or the refusal's domain code. */
export async function countOutcomes(calls: Array<Promise<unknown>>): Promise<Record<string, number>> {
  // Every outcome is captured at once, so no rejection is left unhandled while another is awaited.
  const outcomes = await Promise.all(
    calls.map((call) =>
      call.then(
        () => 'OK',
        (e: unknown) => describeFailure(e).code,
      ),
    ),
  );
  const counts: Record<string, number> = {};
  for (const code of outcomes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}
