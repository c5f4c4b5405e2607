/**
 * tRPC over plain HTTP, for load. The SDK (httpBatchLink, proxies, TRPCClientError) costs client CPU, and on a small
 * machine the load generator shares the cores with the servers, so every measured call goes out as one superjson-
 * encoded tRPC request on a keep-alive node:http agent. The SDK is still used for setup (see env/admin.ts).
 */
import http from 'node:http';
import superjson from 'superjson';

export interface CallResult<T = unknown> {
  status: number;
  /** The domain code of an error, 'OK' on success, 'NETWORK' when no response came. */
  code: string;
  data: T | undefined;
  /** Extra error data (e.g. `position` for QUEUE_NOT_ADMITTED). */
  error?: Record<string, unknown>;
  ms: number;
  /** Size of the response body. */
  bytes?: number;
}

export interface SendOptions {
  /** false: do not parse a successful response (errors are always parsed for their code). */
  decode?: boolean;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

export interface Credentials {
  session?: string | undefined;
  queue?: string | undefined;
}

interface TrpcBody {
  result?: { data?: unknown };
  error?: { json?: { data?: Record<string, unknown> } };
}

/** A keep-alive connection pool to one server, with `maxSockets` open at most. */
export class TrpcTarget {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;
  /** Size of the last response body, in bytes. */
  lastBytes = 0;

  constructor(
    readonly url: string,
    maxSockets = 64,
  ) {
    const u = new URL(url);
    this.host = u.hostname;
    this.port = Number(u.port);
    // Idle sockets close after 4 s, before the server's 5 s keep-alive timeout, so a request is rarely sent on a
    // socket the server is closing at that moment.
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 4000 });
  }

  query<T = unknown>(
    path: string,
    input?: unknown,
    creds?: Credentials,
    opts?: SendOptions,
  ): Promise<CallResult<T>> {
    const qs =
      input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
    return this.send<T>('GET', `/trpc/${path}${qs}`, undefined, creds, opts);
  }

  mutate<T = unknown>(
    path: string,
    input?: unknown,
    creds?: Credentials,
    opts?: SendOptions,
  ): Promise<CallResult<T>> {
    const body = input === undefined ? '' : JSON.stringify(superjson.serialize(input));
    return this.send<T>('POST', `/trpc/${path}`, body, creds, opts);
  }

  /** A raw request (the bare-HTTP baseline has no procedures, only routes). */
  send<T>(
    method: string,
    path: string,
    body: string | undefined,
    creds?: Credentials,
    opts?: SendOptions,
  ): Promise<CallResult<T>> {
    const headers: Record<string, string> = { ...opts?.headers };
    if (creds?.session) headers.authorization = `Bearer ${creds.session}`;
    if (creds?.queue) headers['x-queue-token'] = creds.queue;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const started = performance.now();
    const attempt = (retry: boolean): Promise<CallResult<T>> =>
      new Promise((resolve) => {
        const req = http.request(
          { host: this.host, port: this.port, method, path, headers, agent: this.agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const ms = performance.now() - started;
              const status = res.statusCode ?? 0;
              const bytes = chunks.reduce((n, c) => n + c.length, 0);
              this.lastBytes = bytes;
              // A success whose body nobody reads is not parsed: the load generator's CPU is the servers' CPU.
              if (opts?.decode === false && status < 300)
                return resolve({ status, code: 'OK', data: undefined, ms, bytes });
              resolve({ ...decode<T>(status, Buffer.concat(chunks).toString('utf8'), ms), bytes });
            });
            res.on('error', () => resolve(networkError(started, 'NETWORK')));
          },
        );
        req.on('error', (err: NodeJS.ErrnoException) => {
          // A kept-alive socket the server closed just as it was reused: send again once, as HTTP clients do.
          if (retry && req.reusedSocket && err.code === 'ECONNRESET') return resolve(attempt(false));
          resolve(networkError(started, `NETWORK_${err.code ?? 'ERROR'}`));
        });
        req.end(body);
      });
    return attempt(true);
  }

  close(): void {
    this.agent.destroy();
  }
}

function networkError<T>(started: number, code: string): CallResult<T> {
  return { status: 0, code, data: undefined, ms: performance.now() - started };
}

function decode<T>(status: number, text: string, ms: number): CallResult<T> {
  let body: TrpcBody;
  try {
    body = JSON.parse(text) as TrpcBody;
  } catch {
    return { status, code: status >= 500 ? 'HTTP_5XX' : `HTTP_${status}`, data: undefined, ms };
  }
  if (body.error) {
    const data = body.error.json?.data ?? {};
    const code = typeof data.domainCode === 'string' ? data.domainCode : `HTTP_${status}`;
    return { status, code, data: undefined, error: data, ms };
  }
  const raw = body.result?.data as { json: unknown; meta?: unknown } | undefined;
  const data =
    raw && typeof raw === 'object' && 'json' in raw ? superjson.deserialize<T>(raw as never) : (raw as T);
  return { status, code: status >= 400 ? `HTTP_${status}` : 'OK', data, ms };
}

/** One target per server; callers spread their clients round-robin across them. */
export class TargetSet {
  readonly targets: TrpcTarget[];
  /** The server processes behind the URLs, for the CPU a load costs them (runLoad's `servers`). */
  readonly pids: readonly number[];
  constructor(urls: string[], socketsPerTarget = 64, pids: readonly number[] = []) {
    this.pids = pids;
    this.targets = urls.map((u) => new TrpcTarget(u, socketsPerTarget));
  }
  /** The target for client number `i`: client i always talks to the same server, as behind a sticky balancer. */
  pick(i: number): TrpcTarget {
    return this.targets[i % this.targets.length]!;
  }
  close(): void {
    for (const t of this.targets) t.close();
  }
}
