import { z } from 'zod';
import { MAX_CHARGE, MIN_CHARGE } from './money.js';

const MAX_INT8 = 2n ** 63n - 1n;

export const ZIdempotencyKey = z
  .string()
  .min(8, 'at least 8 characters')
  .max(128, 'at most 128 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

export const ZChargeInput = z.object({
  amount: z
    .number({ error: 'a whole number of won' })
    .int('a whole number of won')
    .min(MIN_CHARGE, `at least ${MIN_CHARGE} won`)
    .max(MAX_CHARGE, `at most ${MAX_CHARGE.toLocaleString('en')} won per charge`),
  idempotencyKey: ZIdempotencyKey.optional(),
});
export type ChargeInput = z.infer<typeof ZChargeInput>;

export const ZPageInput = z
  .object({
    // A ledger entry id (int8): digits, within int8's range.
    cursor: z
      .string()
      .regex(/^[1-9]\d{0,18}$/, 'a cursor from a previous page')
      // Zod runs a refinement even when the pattern failed: only digits reach BigInt.
      .refine(
        (cursor) => !/^\d+$/.test(cursor) || BigInt(cursor) <= MAX_INT8,
        'a cursor from a previous page',
      )
      .optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .default({ limit: 20 });
