/**
 * The waiting room's guard: what a queue token must be before a buyer may touch seats. It knows nothing of the
 * transport; `queuedProcedure` (trpc.ts) runs it before a procedure, `payment.pay` after its idempotency check.
 */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import type { QueueTokenInfo } from './queue.engine.js';

/** The queue token the caller sent (x-queue-token header, or the subscription's connection param). */
export function requireQueueToken(queueToken: string | null): string {
  if (!queueToken)
    throw new DomainError('QUEUE_TOKEN_MISSING', 'Join the waiting room first (x-queue-token)');
  return queueToken;
}

/**
 * The caller's ACTIVE queue token, or the DomainError that says why not. `payment.pay` runs it after its
 * idempotency check, so a retried payment still gets its first result once paying has expired the token.
 */
export async function requireActiveQueue(
  deps: Deps,
  userId: string,
  queueToken: string | null,
): Promise<QueueTokenInfo> {
  const info = await deps.queue.inspect(requireQueueToken(queueToken), deps.clock.now());
  if (!info) throw new DomainError('QUEUE_TOKEN_INVALID', 'Unknown queue token');
  assertTokenOwner(info, userId);
  if (info.status === 'WAITING') {
    throw new DomainError('QUEUE_NOT_ADMITTED', `Still waiting: position ${info.position ?? '?'}`, {
      position: info.position,
      concertId: info.concertId,
    });
  }
  if (info.status === 'EXPIRED')
    throw new DomainError('QUEUE_TOKEN_EXPIRED', 'Your turn has expired; join again');
  return info;
}

/** Only the buyer who joined may use a token to buy or to leave. */
export function assertTokenOwner(info: Pick<QueueTokenInfo, 'userId'>, userId: string): void {
  if (info.userId !== userId) throw new DomainError('FORBIDDEN', 'This queue token belongs to someone else');
}

/** A token admits to its own concert only; only the input tells which concert a call touches. */
export function assertQueueConcert(queue: { concertId: string }, concertId: string): void {
  if (queue.concertId !== concertId) {
    throw new DomainError('QUEUE_WRONG_CONCERT', 'This queue token is for another concert');
  }
}
