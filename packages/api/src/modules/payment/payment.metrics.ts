import { Histogram } from 'prom-client';
import { registry } from '../../infra/metrics.js';

export const paymentDuration = new Histogram({
  name: 'tix_payment_duration_seconds',
  help: 'payment.pay from the idempotency claim to the commit, by outcome (paid, replay, or the refusing domain code)',
  labelNames: ['outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});
