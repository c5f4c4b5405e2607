/**
 * The waiting room's guard: what a queue token must be before a buyer may touch seats. It knows nothing of the
 * transport; `queuedProcedure` (trpc.ts) runs it before a procedure, `payment.pay` after its idempotency check.
 */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import type { QueueTokenInfo } from './queue.engine.js';
import { findLiveHold } from './queue-turns.queries.js';
import { readSignedToken } from './queue-token.js';

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

// SERVICE_UNAVAILABLE: the room cannot be asked (Redis away); PostgreSQL still knows the hold.
const refusals = new Set([
  'SERVICE_UNAVAILABLE',
  'QUEUE_TOKEN_MISSING',
  'QUEUE_TOKEN_INVALID',
  'QUEUE_TOKEN_EXPIRED',
  'QUEUE_NOT_ADMITTED',
]);

/**
 * The turn a payment runs in: the caller's ACTIVE token, or, when the token is refused for what happened to it
 * (missing, unknown, expired, not admitted) or the room cannot be asked (Redis away), the caller's live hold on
 * `reservationId`. PostgreSQL knows the hold, and a hold is only ever taken in an admitted turn, so it can always be
 * paid. The turn then ended is the caller's token when it is theirs for that concert, else their latest open turn
 * there, else none (`token` empty). It runs before the payment's transaction opens.
 */
export async function requirePayingTurn(
  deps: Deps,
  userId: string,
  queueToken: string | null,
  reservationId: string,
): Promise<QueueTokenInfo> {
  try {
    return await requireActiveQueue(deps, userId, queueToken);
  } catch (err) {
    if (err instanceof DomainError && !refusals.has(err.code)) throw err;
    const hold = await findLiveHold(deps.db, userId, reservationId, deps.clock.now());
    if (!hold) throw err;
    const place = queueToken ? readSignedToken(queueToken, deps.config.sessionSecret) : null;
    const own = place?.userId === userId && place.concertId === hold.concert_id;
    return {
      token: own ? queueToken! : (hold.turn_token ?? ''),
      userId,
      concertId: hold.concert_id,
      status: 'ACTIVE',
      activeUntil: hold.expires_at,
    };
  }
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
