/**
 * The waiting room's use cases: join, status, leave (the operator's settings and numbers are in modules/admin/).
 *
 * Rules chosen where the product's brief is silent (docs/domain.md marks them; the tests pin them):
 * - Joining is allowed while the sale is paused: people keep their place and admission simply stops. Refusing
 *   them would only make everyone retry the moment it resumes.
 * - Before the sale opens, `position` is the place in the current draw (it can still move as others join: the
 *   draw is uniform over everyone who joins before the sale opens), and the ETA counts from the opening.
 * - The ETA is a range worked out from the room (wait-estimate.ts), once per concert per second.
 * - A token that has EXPIRED stays readable as EXPIRED; joining again gives a new token at the back.
 */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import type { LimitTicket } from '../../rate-limited.js';
import type { JoinRequest, QueueTokenInfo } from './queue.engine.js';
import { assertTokenOwner } from './queue.guard.js';
import { cachedQueueSettings, recentQueueSettings, type ConcertQueueSettings } from './queue-settings.js';
import { forgetWaitEstimator, recentWaitEstimator } from './wait-estimator-cache.js';
import { insertTurnEnd } from './queue-turns.queries.js';
import { randomDrawScore, signQueueToken } from './queue-token.js';

/** Channel the admission job and operator changes publish on, so live watchers re-read at once. */
export const queueChannel = (concertId: string) => `queue:${concertId}`;

export interface QueueView {
  status: QueueTokenInfo['status'];
  concertId: string;
  position?: number;
  /** WAITING only: seconds until admission, typical case; null while paused (or when nobody can be let in). */
  etaSeconds?: number | null;
  /** WAITING only: the range the wait most likely falls in (seconds). */
  etaLowSeconds?: number | null;
  etaHighSeconds?: number | null;
  /** WAITING only: when the estimate was worked out. */
  estimatedAt?: Date;
  activeUntil?: Date;
  /** WAITING only: admission is paused by the operator. */
  paused?: boolean;
}

/**
 * The one shape of a place in the waiting room (join adds its token). The settings are read only for a WAITING
 * token, and only when the caller has not read them already.
 */
async function viewOf(
  deps: Deps,
  info: QueueTokenInfo,
  now: Date,
  knownSettings?: ConcertQueueSettings,
): Promise<QueueView> {
  const base = { status: info.status, concertId: info.concertId };
  if (info.status === 'ACTIVE') return { ...base, activeUntil: info.activeUntil! };
  if (info.status === 'EXPIRED') return base;
  const position = info.position ?? 1;
  const settings = knownSettings ?? (await recentQueueSettings(deps, info.concertId));
  const estimate = (await recentWaitEstimator(deps, settings, now))(position);
  return { ...base, position, ...estimate, paused: settings.paused };
}

/**
 * The engine's join, with the call's limit point spent in the join's own script where the engine can (Redis: one
 * round trip for both, and nobody joins over the limit), else first.
 */
async function joinSpending(
  deps: Deps,
  request: JoinRequest,
  now: Date,
  limit: LimitTicket | undefined,
): Promise<QueueTokenInfo> {
  const scripted = limit?.scripted();
  const within =
    scripted && deps.queue.joinWithin ? await deps.queue.joinWithin(request, scripted, now) : null;
  if (limit && within) {
    limit.settle(within.consumed, within.msBeforeNext);
    return within.info!;
  }
  await limit?.spend();
  return deps.queue.join(request, now);
}

export async function joinQueue(
  deps: Deps,
  userId: string,
  anyCaseConcertId: string,
  /** The call's point of the per-user join limit, still to spend (rate-limited.ts); none for in-process callers. */
  limit?: LimitTicket,
): Promise<QueueView & { token: string }> {
  // A second-old copy is fine here (opening times and pause only shape the reply), and a join storm then costs
  // the database one read per concert per second instead of one per join. A call over its limit must not cost a
  // database read: a miss spends the point first.
  const cached = cachedQueueSettings(deps, anyCaseConcertId);
  if (!cached) await limit?.spend();
  const settings = await (cached ?? recentQueueSettings(deps, anyCaseConcertId));
  // The row's id is canonical (lower case): tokens and engine keys must not depend on how the client spelt it.
  const { concertId } = settings;
  const now = deps.clock.now();
  if (settings.cancelledAt) {
    throw new DomainError('CONCERT_CANCELLED', 'This concert was cancelled', { fields: ['concertId'] });
  }
  // The admission job skips a concert with no show ahead, so a place in its queue would wait for ever.
  if (!settings.lastShowAt || settings.lastShowAt <= now) {
    throw new DomainError('CONCERT_OVER', 'Every date of this concert has passed', { fields: ['concertId'] });
  }
  if (now < settings.queueOpensAt) {
    throw new DomainError(
      'QUEUE_NOT_OPEN',
      `The waiting room opens at ${settings.queueOpensAt.toISOString()}`,
      {
        queueOpensAt: settings.queueOpensAt.toISOString(),
      },
    );
  }
  // The place is drawn first, so the token can carry it signed (queue-recovery.ts puts it back after a wipe). (A
  // call the limit then refuses has taken a sequence number: a gap in the order scores, which nobody sees.)
  const order = now < settings.saleOpensAt ? randomDrawScore() : await deps.queue.nextOrder(concertId, now);
  const token = signQueueToken({ concertId, userId, order, issuedAt: now }, deps.config.sessionSecret);
  const request = { concertId, userId, token, drawScore: order, settings };
  const info = await joinSpending(deps, request, now, limit);
  return { token: info.token, ...(await viewOf(deps, info, now, settings)) };
}

/** The token's state for its holder; reading it keeps a WAITING holder present. */
export async function queueStatus(deps: Deps, token: string): Promise<QueueView> {
  return (await readQueueStatus(deps, token)).view;
}

/** The exact read behind `queueStatus`, with what the engine said (a live watcher keeps its place from it). */
export async function readQueueStatus(deps: Deps, token: string) {
  const now = deps.clock.now();
  const info = await deps.queue.status(token, now);
  if (!info) throw new DomainError('QUEUE_TOKEN_INVALID', 'Unknown queue token');
  return { info, view: await viewOf(deps, info, now) };
}

/** A WAITING holder's view at a position worked out without reading the engine (queue.watch.ts). */
export function waitingViewAt(deps: Deps, concertId: string, position: number): Promise<QueueView> {
  const info: QueueTokenInfo = { token: '', userId: '', concertId, status: 'WAITING', position };
  return viewOf(deps, info, deps.clock.now());
}

export async function leaveQueue(deps: Deps, userId: string, token: string) {
  const now = deps.clock.now();
  const info = await deps.queue.status(token, now);
  if (!info) throw new DomainError('QUEUE_TOKEN_INVALID', 'Unknown queue token');
  assertTokenOwner(info, userId);
  // Recorded first, so a room that later forgets does not put the place back.
  await insertTurnEnd(deps.db, { token, concert_id: info.concertId, user_id: userId }, now);
  await deps.queue.expire(token, now);
  // A slot may have freed: the next reads here model the room afresh.
  forgetWaitEstimator(deps, info.concertId);
  return { status: 'EXPIRED' as const };
}
