/**
 * The typed client for the tix API. Every client (the CLI, the web app, tests, your own TypeScript app) uses it.
 *
 * @example
 * const tix = createClient({ url: 'http://localhost:3000' });
 * const { sessionToken } = await tix.auth.signIn.mutate({ username: 'demo', password: 'demo-pass-123' });
 * tix.setSessionToken(sessionToken);
 * console.log(await tix.wallet.balance.query());
 */
import type { AppRouter, DomainCode } from '@tix/api';
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
  type TRPCClient,
} from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { EventSource as FetchEventSource } from 'eventsource';
import superjson from 'superjson';

export type { AppRouter, DomainCode };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export interface ClientOptions {
  /** The server's base URL, e.g. http://localhost:3000 (the client adds /trpc). */
  url: string;
  sessionToken?: string | null;
  queueToken?: string | null;
  /** Batch concurrent calls into one request (default true). */
  batch?: boolean;
  fetch?: typeof globalThis.fetch;
}

export interface Credentials {
  sessionToken: string | null;
  queueToken: string | null;
}

export type TixClient = TRPCClient<AppRouter> & {
  /** The credentials the client sends; change them with the setters. */
  readonly credentials: Readonly<Credentials>;
  setSessionToken(token: string | null): void;
  setQueueToken(token: string | null): void;
};

/** Creates a client that sends the session and queue tokens on every call, subscriptions included. */
export function createClient(options: ClientOptions): TixClient {
  const credentials: Credentials = {
    sessionToken: options.sessionToken ?? null,
    queueToken: options.queueToken ?? null,
  };
  const url = `${options.url.replace(/\/+$/, '')}/trpc`;
  const headers = () => ({
    ...(credentials.sessionToken ? { authorization: `Bearer ${credentials.sessionToken}` } : {}),
    ...(credentials.queueToken ? { 'x-queue-token': credentials.queueToken } : {}),
  });
  const http = { url, transformer: superjson, headers, ...(options.fetch ? { fetch: options.fetch } : {}) };
  // Stream tickets come from a plain HTTP client of their own, so asking for one never waits on a batch.
  const ticketClient = createTRPCClient<AppRouter>({ links: [httpLink(http)] });
  const tickets = streamTickets(
    () => ticketClient.auth.streamTicket.mutate(),
    () => credentials.sessionToken,
  );
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        // EventSource cannot send headers: the tokens travel as connection params instead.
        true: httpSubscriptionLink({
          url,
          transformer: superjson,
          // Node 20 has no EventSource of its own; browsers use theirs.
          EventSource: globalThis.EventSource ?? FetchEventSource,
          // The URL can end up in logs, so it carries a one-minute stream ticket, never the session itself.
          connectionParams: async () => ({
            ...(credentials.sessionToken ? { streamTicket: await tickets.fresh() } : {}),
            ...(credentials.queueToken ? { queueToken: credentials.queueToken } : {}),
          }),
        }),
        false: options.batch === false ? httpLink(http) : httpBatchLink({ ...http, maxItems: 10 }),
      }),
    ],
  });
  const extras = {
    credentials,
    setSessionToken(token: string | null) {
      credentials.sessionToken = token;
    },
    setQueueToken(token: string | null) {
      credentials.queueToken = token;
    },
  };
  // The tRPC client is itself a proxy over procedure paths, so the extras are layered on with another proxy.
  return new Proxy(client, {
    get: (target, key, receiver): unknown =>
      Object.hasOwn(extras, key) ? extras[key as keyof typeof extras] : Reflect.get(target, key, receiver),
  }) as TixClient;
}

/** Reuses a stream ticket while it has more than 15 s to live and the session is the one it was made for. */
function streamTickets(
  issue: () => Promise<{ ticket: string; expiresAt: Date }>,
  session: () => string | null,
): { fresh(): Promise<string> } {
  let cached: { ticket: string; expiresAt: Date; session: string | null } | null = null;
  return {
    async fresh() {
      if (cached && cached.session === session() && cached.expiresAt.getTime() - Date.now() > 15_000) {
        return cached.ticket;
      }
      const forSession = session();
      const issued = await issue();
      cached = { ...issued, session: forSession };
      return issued.ticket;
    },
  };
}

/** The shape of `error.data` for every API error. */
export interface DomainErrorData {
  /** One of the API's closed set of codes (a server newer than this client may send one it does not list). */
  domainCode: DomainCode;
  code: string;
  httpStatus: number;
  fields?: string[];
  position?: number;
  /** On RATE_LIMITED: seconds until the call may be tried again (also the answer's Retry-After header). */
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

/** The API error's domain data, or null when `err` is not an API error (a network failure, say). */
export function domainErrorOf(err: unknown): DomainErrorData | null {
  if (!(err instanceof TRPCClientError)) return null;
  const data = (err as TRPCClientError<AppRouter>).data as DomainErrorData | undefined;
  return data?.domainCode ? data : null;
}

/**
 * True when `err` is an API error with this domain code (any code when none is given). The code is typed, so a
 * misspelt or renamed code does not compile.
 * @example if (isDomainError(err, 'SEAT_UNAVAILABLE')) showTaken();
 */
export function isDomainError(err: unknown, code?: DomainCode): err is TRPCClientError<AppRouter> {
  const data = domainErrorOf(err);
  return data !== null && (code === undefined || data.domainCode === code);
}

/**
 * Seconds to wait before trying again when `err` is RATE_LIMITED, else null.
 * @example const wait = retryAfterSeconds(err); if (wait) show(`Try again in ${wait} seconds.`);
 */
export function retryAfterSeconds(err: unknown): number | null {
  const data = domainErrorOf(err);
  const seconds = data?.domainCode === 'RATE_LIMITED' ? data.retryAfterSeconds : undefined;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : null;
}

export { TRPCClientError };
export { bestSeats, newIdempotencyKey, type SeatLike } from './purchase.js';
export {
  joinQueue,
  waitForAdmission,
  joinAndWaitForAdmission,
  QueueExpiredError,
  type QueueJoin,
  type QueueView,
  type WaitForAdmissionOptions,
} from './queue.js';
