/**
 * Many live `queue.watch` subscriptions from one process: a lean SSE client (node:http, one socket each, the token
 * in the `x-queue-token` header as the SDK may send it), keeping per person only what the room-subscribers scenario
 * reports: when the first status came, when ACTIVE came (the client then closes the stream, as a buyer moves on to
 * the seats), whether EXPIRED came, and whether the stream broke (closed by the server or failed, not by us).
 */
import http from 'node:http';

export interface Watcher {
  token: string;
  firstAt: number | null;
  activeAt: number | null;
  expired: boolean;
  broken: boolean;
  messages: number;
}

export interface WatcherSet {
  watchers: Watcher[];
  /** How many have had their first status. */
  ready(): number;
  /** How many streams broke (refused, failed or closed by the server) before the client closed them. */
  broken(): number;
  close(): void;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

function open(url: string, watcher: Watcher, requests: Set<http.ClientRequest>): void {
  const req = http.request(`${url}/trpc/queue.watch`, {
    agent,
    headers: { 'x-queue-token': watcher.token, accept: 'text/event-stream' },
  });
  requests.add(req);
  req.on('response', (res) => {
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!event.includes('"status"')) continue;
        watcher.messages += 1;
        watcher.firstAt ??= Date.now();
        if (watcher.activeAt === null && event.includes('"status":"ACTIVE"')) {
          watcher.activeAt = Date.now();
          // The person goes on to the seats, as the web client does: the stream is closed, not broken.
          requests.delete(req);
          req.destroy();
          return;
        }
        if (event.includes('"status":"EXPIRED"')) watcher.expired = true;
      }
    });
    res.on('close', () => {
      watcher.broken ||= requests.has(req);
      requests.delete(req);
    });
  });
  req.on('error', () => {
    watcher.broken ||= requests.has(req);
    requests.delete(req);
  });
  req.end();
}

/** Opens one subscription per token, spread over `urls` round robin, `perSecond` at a time. */
export async function openWatchers(urls: string[], tokens: string[], perSecond: number): Promise<WatcherSet> {
  const requests = new Set<http.ClientRequest>();
  const watchers = tokens.map((token): Watcher => ({
    token,
    firstAt: null,
    activeAt: null,
    expired: false,
    broken: false,
    messages: 0,
  }));
  const slice = Math.max(1, Math.round(perSecond / 10));
  for (let i = 0; i < watchers.length; i += slice) {
    for (let j = i; j < Math.min(watchers.length, i + slice); j++)
      open(urls[j % urls.length]!, watchers[j]!, requests);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    watchers,
    ready: () => watchers.filter((w) => w.firstAt !== null).length,
    broken: () => watchers.filter((w) => w.broken).length,
    close() {
      const open = [...requests];
      requests.clear();
      for (const req of open) req.destroy();
    },
  };
}
