/**
 * A graceful stop of the HTTP side: stop accepting, end live subscriptions with a reconnect hint, let the calls in
 * flight finish within a bounded drain time, and only then cut what is left. The server closes its jobs, Redis and
 * PostgreSQL after this returns, so no call loses its connection under it.
 */
import type { Server, ServerResponse } from 'node:http';

export interface Drain {
  /** True once the stop began: /readyz says so, so a load balancer sends new buyers elsewhere. */
  readonly draining: boolean;
  /** Resolves when every call has answered, or after `drainMs` with the rest cut. */
  drain(drainMs: number): Promise<{ finished: number; cut: number; streams: number }>;
}

/** What an EventSource is told before its stream ends: reconnect after this long (to another server, via the LB). */
export const reconnectHintMs = 1000;

const isEventStream = (res: ServerResponse) =>
  String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');

export function trackForDrain(httpServer: Server): Drain {
  const open = new Set<ServerResponse>();
  let draining = false;
  // Ahead of the app's own handler, so the header below is set before a handler that answers at once sends any.
  httpServer.prependListener('request', (_req, res: ServerResponse) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    // Keep-alive connections would carry new calls into a server that is going away.
    if (draining && !res.headersSent) res.setHeader('connection', 'close');
  });
  return {
    get draining() {
      return draining;
    },
    async drain(drainMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      let streams = 0;
      let finished = 0;
      // Streams end at once, including any that opened during the drain on a connection kept alive from before.
      const endStreams = () => {
        for (const res of open) {
          if (!isEventStream(res)) continue;
          // The SSE `retry` field is the reconnect hint: the client's EventSource comes back after it, elsewhere.
          res.end(`retry: ${reconnectHintMs}\n\n`);
          open.delete(res);
          streams += 1;
        }
      };
      endStreams();
      const inFlight = new Set(open);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, drainMs);
      });
      const answered = (async () => {
        while (open.size > 0) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          endStreams();
        }
      })();
      await Promise.race([answered, timedOut]);
      clearTimeout(timer);
      const cut = open.size;
      for (const res of inFlight) if (!open.has(res)) finished += 1;
      httpServer.closeAllConnections();
      await closed;
      return { finished, cut, streams };
    },
  };
}
