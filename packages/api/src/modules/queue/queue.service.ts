/**
 * The waiting room's use cases: join, status, leave (the operator's settings and numbers are in modules/admin/).
 *
 * Rules chosen where the product's brief is silent (docs/domain.md marks them; the tests pin them):
 * - Joining is allowed while the sale is paused: people keep their place and admission simply stops. Refusing
 *   them would only make everyone retry the moment it resumes.
 * - Before the sale opens, `position` is the place in the current draw (it can still move as others join: the
 *   draw is uniform over everyone who joins before the sale opens), and the ETA counts from the opening.
 * - A token that has EXPIRED stays readable as EXPIRED; joining again gives a new token at the back.
 */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import type { QueueCounts, QueueTokenInfo } from './queue.engine.js';
import { assertTokenOwner } from './queue.guard.js';
import { recentQueueSettings, type ConcertQueueSettings } from './queue-settings.js';
import { newQueueToken, randomDrawScore } from './queue-token.js';

/** Channel the admission job and operator changes publish on, so live watchers re-read at once. */
export const queueChannel = (concertId: string) => `queue:${concertId}`;

/** Below this many admissions in the last minute the measured rate is too noisy; the configured rate stands in. */
const MIN_SAMPLES = 5;

/**
 * Seconds until a WAITING user at `position` is admitted: position / the admission rate measured over the last
 * minute (never above the configured rate), plus the wait for the sale to open. Null while paused.
 */
export function etaSeconds(
  position: number,
  counts: Pick<QueueCounts, 'admittedLastMinute' | 'windowMs'>,
  settings: Pick<ConcertQueueSettings, 'admitPerSecond' | 'paused' | 'saleOpensAt'>,
  now: Date,
): number | null {
  if (settings.paused) return null;
  const measured =
    counts.admittedLastMinute >= MIN_SAMPLES
      ? counts.admittedLastMinute / Math.max(1, counts.windowMs / 1000)
      : settings.admitPerSecond;
  const rate = Math.min(measured, settings.admitPerSecond);
  const untilSale = Math.max(0, (settings.saleOpensAt.getTime() - now.getTime()) / 1000);
  return Math.ceil(untilSale + position / rate);
}

export interface QueueView {
  status: QueueTokenInfo['status'];
  concertId: string;
  position?: number;
  etaSeconds?: number | null;
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
  const [settings, counts] = await Promise.all([
    knownSettings ?? recentQueueSettings(deps, info.concertId),
    deps.queue.counts(info.concertId, now),
  ]);
  return {
    ...base,
    position,
    etaSeconds: etaSeconds(position, counts, settings, now),
    paused: settings.paused,
  };
}

export async function joinQueue(
  deps: Deps,
  userId: string,
  anyCaseConcertId: string,
): Promise<QueueView & { token: string }> {
  // A second-old copy is fine here (opening times and pause only shape the reply), and a join storm then costs
  // the database one read per concert per second instead of one per join.
  const settings = await recentQueueSettings(deps, anyCaseConcertId);
  // The row's id is canonical (lower case): tokens and engine keys must not depend on how the client spelt it.
  const { concertId } = settings;
  const now = deps.clock.now();
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
  const info = await deps.queue.join(
    {
      concertId,
      userId,
      token: newQueueToken(concertId),
      drawScore: now < settings.saleOpensAt ? randomDrawScore() : null,
      settings,
    },
    now,
  );
  return { token: info.token, ...(await viewOf(deps, info, now, settings)) };
}

/** The token's state for its holder; reading it keeps a WAITING holder present. */
export async function queueStatus(deps: Deps, token: string): Promise<QueueView> {
  const now = deps.clock.now();
  const info = await deps.queue.status(token, now);
  if (!info) throw new DomainError('QUEUE_TOKEN_INVALID', 'Unknown queue token');
  return viewOf(deps, info, now);
}

export async function leaveQueue(deps: Deps, userId: string, token: string) {
  const now = deps.clock.now();
  const info = await deps.queue.status(token, now);
  if (!info) throw new DomainError('QUEUE_TOKEN_INVALID', 'Unknown queue token');
  assertTokenOwner(info, userId);
  await deps.queue.expire(token, now);
  return { status: 'EXPIRED' as const };
}
