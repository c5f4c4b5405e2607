/** The outbox and its relay in /metrics. The gauges are the database's numbers, so every server reports the same. */
import { Counter, Gauge } from 'prom-client';
import { registry } from '../../infra/metrics.js';

export const outboxPending = new Gauge({
  name: 'tix_outbox_pending',
  help: 'Sale events not yet fanned out plus deliveries not yet done (webhooks and broker)',
  registers: [registry],
});

export const outboxFailed = new Gauge({
  name: 'tix_outbox_failed',
  help: 'Deliveries dead-lettered after their last attempt (replayable by an operator)',
  registers: [registry],
});

export const outboxLag = new Gauge({
  name: 'tix_outbox_lag_seconds',
  help: 'Age of the oldest sale event not yet delivered everywhere (0 when none waits)',
  registers: [registry],
});

export const eventDeliveries = new Counter({
  name: 'tix_event_deliveries_total',
  help: 'Delivery attempts by this server, by target kind (webhook, broker) and outcome (delivered, retry, dead)',
  labelNames: ['target', 'outcome'] as const,
  registers: [registry],
});
