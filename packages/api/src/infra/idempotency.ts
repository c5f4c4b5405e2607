/**
 * Idempotency keys, unique per user. The first request with a key stores its response in the same transaction as
 * its effects; a repeat returns that response and changes nothing; the same key on a different request is refused.
 * A concurrent repeat waits on the first one's row lock (INSERT … ON CONFLICT) and then reads its committed result.
 * A request that failed rolled its key back with everything else, so it may be retried with the same key.
 */
import { createHash } from 'node:crypto';
import type { DB } from '@tix/db';
import { sql, type Transaction } from 'kysely';
import superjson from 'superjson';
import { DomainError } from '../errors.js';

export interface IdempotentRequest {
  userId: string;
  key: string;
  operation: string;
  request: unknown;
}

export type Claim<T> = { kind: 'first' } | { kind: 'replay'; response: T };

function hashOf(operation: string, request: unknown): string {
  return createHash('sha256')
    .update(operation)
    .update('\0')
    .update(superjson.stringify(request))
    .digest('hex');
}

export async function claimIdempotencyKey<T>(
  trx: Transaction<DB>,
  req: IdempotentRequest,
): Promise<Claim<T>> {
  const requestHash = hashOf(req.operation, req.request);
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({
      user_id: req.userId,
      key: req.key,
      operation: req.operation,
      request_hash: requestHash,
      response: 'null',
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return { kind: 'first' };

  const stored = await trx
    .selectFrom('idempotency_keys')
    .select(['operation', 'request_hash', 'response'])
    .where('user_id', '=', req.userId)
    .where('key', '=', req.key)
    .executeTakeFirstOrThrow();
  if (stored.operation !== req.operation || stored.request_hash !== requestHash) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different request', {
      fields: ['idempotencyKey'],
    });
  }
  return { kind: 'replay', response: superjson.deserialize(stored.response as never) };
}

export async function saveIdempotentResponse(
  trx: Transaction<DB>,
  req: Pick<IdempotentRequest, 'userId' | 'key'>,
  response: unknown,
): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ response: sql`${JSON.stringify(superjson.serialize(response))}::jsonb` as never })
    .where('user_id', '=', req.userId)
    .where('key', '=', req.key)
    .execute();
}
