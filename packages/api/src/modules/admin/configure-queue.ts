/** `admin.configureQueue`: the operator changes a concert's admission settings or pauses it. */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { CATALOG_CACHE } from '../concert/concert.service.js';
import { updateQueueSettings } from '../queue/queue.queries.js';
import { queueChannel } from '../queue/queue.service.js';
import {
  forgetQueueSettings,
  loadQueueSettings,
  toQueueSettings,
  type ConcertQueueSettings,
} from '../queue/queue-settings.js';
import type { ConfigureQueueInput } from './admin.schema.js';

function settingsView(s: ConcertQueueSettings) {
  return {
    concertId: s.concertId,
    maxActive: s.maxActive,
    admitPerSecond: s.admitPerSecond,
    activeTtlSeconds: s.activeTtlSeconds,
    paused: s.paused,
    queueOpensAt: s.queueOpensAt,
    saleOpensAt: s.saleOpensAt,
  };
}

/** Applies at once: the row is the truth every admission tick reads; the engine and watchers are told now. */
export async function configureQueue(deps: Deps, input: ConfigureQueueInput) {
  const { concertId, ...changes } = input;
  const values = {
    ...(changes.maxActive !== undefined ? { max_active: changes.maxActive } : {}),
    ...(changes.admitPerSecond !== undefined ? { admit_per_second: changes.admitPerSecond } : {}),
    ...(changes.activeTtlSeconds !== undefined ? { active_ttl_seconds: changes.activeTtlSeconds } : {}),
    ...(changes.paused !== undefined ? { paused: changes.paused } : {}),
  };
  // Nothing to change: answer with the current settings (an UPDATE needs at least one column).
  if (Object.keys(values).length === 0) return settingsView(await loadQueueSettings(deps, concertId));
  const row = await updateQueueSettings(deps.db, concertId, values);
  if (!row) throw new DomainError('CONCERT_NOT_FOUND', 'No such concert');
  return settingsView(await announceConcertChange(deps, row));
}

/**
 * After a committed change to a concert row: this server forgets its copy of the settings, the engine and the
 * watchers are told, and the catalog and search answers are dropped.
 */
export async function announceConcertChange(
  deps: Deps,
  row: Parameters<typeof toQueueSettings>[0],
): Promise<ConcertQueueSettings> {
  const settings = toQueueSettings(row);
  forgetQueueSettings(deps, settings.concertId);
  await deps.queue.configure(settings.concertId, settings);
  await deps.cache.invalidate(CATALOG_CACHE);
  await deps.pubsub.publish(queueChannel(settings.concertId), { kind: 'settings' });
  return settings;
}
