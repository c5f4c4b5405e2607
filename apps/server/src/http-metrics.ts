import { metricsRegistry } from '@tix/api';
import { collectDefaultMetrics, Histogram } from 'prom-client';

collectDefaultMetrics({ register: metricsRegistry, prefix: 'tix_' });

export const httpDuration = new Histogram({
  name: 'tix_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});
