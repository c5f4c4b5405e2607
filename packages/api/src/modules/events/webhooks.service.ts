/**
 * The operator's webhook endpoints (docs/api.md, "Webhooks"): create (the secret is shown once, in the answer),
 * list, delete, the delivery log, and replay. Deleting an endpoint drops its deliveries with it.
 */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { findConcert } from '../concert/concert.queries.js';
import { newWebhookSecret } from './webhook-signature.js';
import { checkWebhookHost, parseWebhookUrl, WebhookTargetError } from './webhook-target.js';
import type { CreateWebhookInput, DeliveriesInput } from './webhooks.schema.js';
import {
  deleteWebhookRow,
  insertWebhook,
  listDeliveries,
  listWebhooksWithCounts,
  requeueDelivery,
  type DeliveryRow,
} from './webhooks.queries.js';

const refusedUrl = (reason: string) =>
  new DomainError('VALIDATION_FAILED', `This webhook URL is refused: ${reason}`, {
    fields: ['url'],
    issues: [{ field: 'url', message: reason }],
  });

export async function createWebhook(deps: Deps, input: CreateWebhookInput) {
  try {
    const url = parseWebhookUrl(input.url);
    await checkWebhookHost(url.hostname, deps.config.relay.allowPrivateTargets);
  } catch (err) {
    if (err instanceof WebhookTargetError) throw refusedUrl(err.message);
    throw err;
  }
  if (input.concertId && !(await findConcert(deps.db, input.concertId))) {
    throw new DomainError('CONCERT_NOT_FOUND', 'No such concert', { fields: ['concertId'] });
  }
  const secret = newWebhookSecret();
  const row = await insertWebhook(deps.db, {
    url: input.url,
    secret,
    events: input.events ?? null,
    concertId: input.concertId ?? null,
  });
  return {
    webhookId: row.id,
    secret,
    url: row.url,
    events: row.events,
    concertId: row.concert_id,
    createdAt: row.created_at,
  };
}

export async function listWebhooks(deps: Deps) {
  const rows = await listWebhooksWithCounts(deps.db);
  return rows.map((r) => ({
    webhookId: r.id,
    url: r.url,
    events: r.events,
    concertId: r.concert_id,
    createdAt: r.created_at,
    deliveries: { pending: Number(r.pending), delivered: Number(r.delivered), dead: Number(r.dead) },
  }));
}

export async function deleteWebhook(deps: Deps, webhookId: string) {
  const gone = await deleteWebhookRow(deps.db, webhookId);
  if (!gone) throw new DomainError('WEBHOOK_NOT_FOUND', 'No such webhook', { fields: ['webhookId'] });
  return { webhookId, deleted: true as const };
}

function toDeliveryView(r: DeliveryRow) {
  return {
    deliveryId: r.delivery_id,
    target: r.target,
    webhookId: r.webhook_id,
    eventId: r.event_id,
    eventType: r.event_type,
    aggregateKey: r.aggregate_key,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'PENDING' ? r.next_attempt_at : null,
    lastStatus: r.last_status,
    lastError: r.last_error,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
  };
}

export async function webhookDeliveries(deps: Deps, input: DeliveriesInput) {
  return (await listDeliveries(deps.db, input)).map(toDeliveryView);
}

/** Sends a delivery again from the start (any status), at the relay's next round. */
export async function replayDelivery(deps: Deps, deliveryId: string) {
  const row = await requeueDelivery(deps.db, deliveryId);
  if (!row) throw new DomainError('DELIVERY_NOT_FOUND', 'No such delivery', { fields: ['deliveryId'] });
  return toDeliveryView(row);
}
