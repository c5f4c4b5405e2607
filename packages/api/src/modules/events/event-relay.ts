/**
 * The relay (docs/domain.md, "Sale events"): every server runs it every second (events.jobs.ts). One round fans new
 * events out into deliveries, then sends the due ones: webhooks by signed POST, the broker by publish. A success
 * marks the delivery DELIVERED; a failure schedules the next attempt after an exponential backoff with jitter, and
 * after `maxAttempts` the delivery is DEAD (the dead letter), shown to operators and replayable. All coordination is
 * in SQL (relay.queries.ts), so any number of relays may run at once.
 */
import type { Deps } from '../../deps.js';
import { eventDeliveries, outboxFailed, outboxLag, outboxPending } from './events.metrics.js';
import {
  claimDeliveries,
  dispatchEvents,
  markDelivered,
  markFailed,
  readBacklog,
  type ClaimedDelivery,
} from './relay.queries.js';
import { sendWebhook, type SendOutcome } from './webhook-sender.js';

export interface RelaySettings {
  /** Attempts before a delivery is dead-lettered. */
  maxAttempts: number;
  /** The first retry waits about this long; each next one twice as long, up to `backoffMaxMs`. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** The most one webhook POST may take, connect to last byte. */
  timeoutMs: number;
  /** Refuse private and loopback webhook targets unless true (WEBHOOK_ALLOW_PRIVATE). */
  allowPrivateTargets: boolean;
  batchSize: number;
}

export const defaultRelaySettings: RelaySettings = {
  // 1 s doubling to 15 min, 20 attempts: about 2.8 hours before a delivery is dead, so an hour's outage loses nothing.
  maxAttempts: 20,
  backoffBaseMs: 1000,
  backoffMaxMs: 15 * 60 * 1000,
  timeoutMs: 5000,
  allowPrivateTargets: false,
  batchSize: 100,
};

/** The wait before the next attempt after `attempts` failed ones: exponential, with a random share taken off. */
export function backoffMs(attempts: number, settings: Pick<RelaySettings, 'backoffBaseMs' | 'backoffMaxMs'>) {
  const full = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full * (0.5 + Math.random() * 0.5));
}

/** The body every target gets: the contract's `{ id, type, createdAt, data }`, plus the type's version. */
export function eventBody(d: Pick<ClaimedDelivery, 'event_id' | 'type' | 'version' | 'created_at' | 'data'>) {
  return JSON.stringify({
    id: d.event_id,
    type: d.type,
    version: d.version,
    createdAt: d.created_at.toISOString(),
    data: d.data,
  });
}

async function send(deps: Deps, d: ClaimedDelivery, settings: RelaySettings): Promise<SendOutcome> {
  const body = eventBody(d);
  if (d.target === 'broker') {
    if (!deps.broker) return { ok: false, status: null, error: 'no broker on this server' };
    return deps.broker.publish({ id: d.event_id, type: d.type, body }).then(
      () => ({ ok: true, status: null, error: null }),
      (err: unknown) => ({ ok: false, status: null, error: String((err as Error).message ?? err) }),
    );
  }
  if (!d.url || !d.secret) return { ok: false, status: null, error: 'the endpoint was deleted' };
  return sendWebhook({ url: d.url, secret: d.secret }, { id: d.event_id, body }, nowSeconds(deps), {
    allowPrivate: settings.allowPrivateTargets,
    timeoutMs: settings.timeoutMs,
  });
}

const nowSeconds = (deps: Deps) => Math.floor(deps.clock.now().getTime() / 1000);

/** One round: fan out, then send what is due. Returns how much it did (0 and 0 when there was nothing). */
export async function relayOnce(deps: Deps): Promise<{ dispatched: number; sent: number }> {
  const settings = deps.config.relay;
  const dispatched = await dispatchEvents(deps.db, settings.batchSize, deps.broker !== null);
  // The lease outlives the slowest send, so no second relay picks a delivery up while this one still sends it.
  const leaseMs = settings.timeoutMs * 2 + 5000;
  const due = await claimDeliveries(deps.db, settings.batchSize, leaseMs, deps.broker ? 'all' : 'webhooks');
  await Promise.all(
    due.map(async (d) => {
      const outcome = await send(deps, d, settings);
      const target = d.target === 'broker' ? 'broker' : 'webhook';
      if (outcome.ok) {
        await markDelivered(deps.db, d.delivery_id, outcome.status);
        eventDeliveries.inc({ target, outcome: 'delivered' });
        return;
      }
      const result = await markFailed(deps.db, d.delivery_id, {
        status: outcome.status,
        error: outcome.error ?? 'failed',
        retryInMs: backoffMs(d.attempts, settings),
        maxAttempts: settings.maxAttempts,
      });
      eventDeliveries.inc({ target, outcome: result });
    }),
  );
  return { dispatched, sent: due.length };
}

// The gauges are the database's numbers, the same from every server: reading them every few seconds is plenty.
const BACKLOG_EVERY_MS = 5000;
let backlogReadAt = 0;

/** The job's run: rounds while there is work, for about a second; every few seconds, the backlog into the gauges. */
export async function runRelay(deps: Deps, budgetMs = 900): Promise<number> {
  const started = Date.now();
  let rounds = 0;
  for (;;) {
    const { dispatched, sent } = await relayOnce(deps);
    rounds++;
    if ((dispatched === 0 && sent === 0) || Date.now() - started > budgetMs) break;
  }
  if (Date.now() - backlogReadAt < BACKLOG_EVERY_MS) return rounds;
  backlogReadAt = Date.now();
  const backlog = await readBacklog(deps.db);
  outboxPending.set(backlog.pending);
  outboxFailed.set(backlog.failed);
  outboxLag.set(backlog.lagSeconds);
  return rounds;
}
