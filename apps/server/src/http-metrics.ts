import type { ServerResponse } from 'node:http';
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

/** Times one request into `httpDuration` when its answer is finished. `path` is the URL's path, from the root. */
export function timeRequest(path: string, res: ServerResponse): void {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    const route = path.startsWith('/trpc/') ? 'trpc' : path;
    end({ route: route.length > 40 ? 'other' : route, status: String(res.statusCode) });
  });
}
