/**
 * One Prometheus registry for the API's own metrics; the server adds process metrics and serves it at /metrics.
 * Modules declare their metrics beside their code and register them here.
 */
import { Counter, Registry } from 'prom-client';

export const registry = new Registry();

export const cacheRequests = new Counter({
  name: 'tix_cache_requests_total',
  help: 'Catalog cache look-ups by cache name and result (hit or miss)',
  labelNames: ['cache', 'result'] as const,
  registers: [registry],
});
