/**
 * Many live `queue.watch` subscriptions from one process: a lean SSE client (node:http, one socket each, the token
 * in the `x-queue-token` header as the SDK may send it), keeping per person only what the room-subscribers scenario
 * reports: when the first status came, when ACTIVE came (the client then closes the stream, as a buyer moves on to
 * the seats), whether EXPIRED came, and whether the stream broke (closed by the server or failed, not by us) and
 * why: refused with a status (503 OVERLOADED is the load shedder), a tRPC error event (its domain code), a socket
 * error of this client (ECONNRESET, EMFILE, …), or closed by the server with no reason given.
 */
import http from 'node:http';

export interface Watcher {
  token: string;
  /** Which of the URLs it subscribed on. */
  server: number;
  firstAt: number | null;
  activeAt: number | null;
  expired: boolean;
  broken: boolean;
  /** Why the stream broke: `http 503 OVERLOADED`, `error event SERVICE_UNAVAILABLE`, `socket ECONNRESET`, … */
  brokeBy: string | null;
  /** When it broke (ms since the epoch). */
  brokeAt: number | null;
  messages: number;
}

export interface WatcherSet {
  watchers: Watcher[];
  /** How many have had their first status. */
  ready(): number;
  /** How many streams broke (refused, failed or closed by the server) before the client closed them. */
  broken(): number;
  /** Broken streams by cause, most frequent first. */
  causes(): Array<[string, number]>;
  close(): void;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

/** The domain code in a tRPC error body or error event (`"domainCode":"X"`, else `"code":"X"`). */
export function errorCodeOf(text: string): string {
  return /"domainCode":"([A-Z_]+)"/.exec(text)?.[1] ?? /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? 'no code';
}

function open(url: string, watcher: Watcher, requests: Set<http.ClientRequest>): void {
  const req = http.request(`${url}/trpc/queue.watch`, {
    agent,
    headers: { 'x-queue-token': watcher.token, accept: 'text/event-stream' },
  });
  requests.add(req);
  const breaks = (cause: string) => {
    if (requests.has(req) && !watcher.broken) {
      watcher.broken = true;
      watcher.brokeBy = cause;
      watcher.brokeAt = Date.now();
    }
    requests.delete(req);
  };
  req.on('response', (res) => {
    res.setEncoding('utf8');
    if (res.statusCode !== 200) {
      let body = '';
      res.on('data', (chunk: string) => {
        if (body.length < 4_000) body += chunk;
      });
      res.on('end', () => breaks(`http ${res.statusCode} ${errorCodeOf(body)}`));
      res.on('close', () => breaks(`http ${res.statusCode} ${errorCodeOf(body)}`));
      return;
    }
    let buffer = '';
    let ended: string | null = null;
    res.on('error', (error: NodeJS.ErrnoException) => {
      ended ??= `socket ${error.code ?? error.message} after ${watcher.firstAt === null ? 'no' : 'a'} status`;
    });
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        // tRPC ends each event with a blank line and one more line break: an event may start with "\n".
        const event = buffer.slice(0, end).replace(/^\n+/, '');
        buffer = buffer.slice(end + 2);
        if (event.startsWith('event: serialized-error')) ended = `error event ${errorCodeOf(event)}`;
        else if (event.startsWith('event: return')) ended = 'returned by the server';
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
    res.on('close', () =>
      breaks(
        ended ??
          (watcher.firstAt === null
            ? 'closed by the server before a status'
            : 'closed by the server after a status'),
      ),
    );
  });
  req.on('error', (error: NodeJS.ErrnoException) => breaks(`socket ${error.code ?? error.message}`));
  req.end();
}

/** Opens one subscription per token, spread over `urls` round robin, `perSecond` at a time. */
export async function openWatchers(urls: string[], tokens: string[], perSecond: number): Promise<WatcherSet> {
  const requests = new Set<http.ClientRequest>();
  const watchers = tokens.map((token, i): Watcher => ({
    token,
    server: i % urls.length,
    firstAt: null,
    activeAt: null,
    expired: false,
    broken: false,
    brokeBy: null,
    brokeAt: null,
    messages: 0,
  }));
  const slice = Math.max(1, Math.round(perSecond / 10));
  for (let i = 0; i < watchers.length; i += slice) {
    for (let j = i; j < Math.min(watchers.length, i + slice); j++)
      open(urls[watchers[j]!.server]!, watchers[j]!, requests);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    watchers,
    ready: () => watchers.filter((w) => w.firstAt !== null).length,
    broken: () => watchers.filter((w) => w.broken).length,
    causes() {
      const counts = new Map<string, number>();
      for (const w of watchers)
        if (w.brokeBy !== null) counts.set(w.brokeBy, (counts.get(w.brokeBy) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1]);
    },
    close() {
      const open = [...requests];
      requests.clear();
      for (const req of open) req.destroy();
    },
  };
}
