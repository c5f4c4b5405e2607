/**
 * The typed client for the tix API. Every client (the CLI, the web app, tests, your own TypeScript app) uses it.
 *
 * @example
 * const tix = createClient({ url: 'http://localhost:3000' });
 * const { sessionToken } = await tix.auth.signIn.mutate({ username: 'demo', password: 'demo-pass-123' });
 * tix.setSessionToken(sessionToken);
 * console.log(await tix.wallet.balance.query());
 */
import type { AppRouter } from '@tix/api';
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
} from '@trpc/client';
import { EventSource as FetchEventSource } from 'eventsource';
import superjson from 'superjson';
import { retryOnLoadLink } from './retry.js';
import type { ClientOptions, Credentials, TixClient } from './types.js';

export type {
  AppRouter,
  ClientOptions,
  Credentials,
  DomainCode,
  RouterInputs,
  RouterOutputs,
  TixClient,
} from './types.js';

/** Calls never batched with others (see the link below). */
const aloneCalls = new Set(['concert.layout', 'concert.seats', 'concert.get']);

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
  const retry = options.retry === false ? [] : [retryOnLoadLink(options.retry ?? {}, options.onRetry)];
  const client = createTRPCClient<AppRouter>({
    links: [
      ...retry,
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
        false: splitLink({
          // The seat map's reads go alone: the layout so its URL stays the same and the browser's cache (ETag)
          // answers it; the availability and the concert so each takes the server's lean path (a batch of several
          // goes through tRPC's adapter) and neither waits for the other.
          condition: (op) => aloneCalls.has(op.path),
          true: httpLink(http),
          false: options.batch === false ? httpLink(http) : httpBatchLink({ ...http, maxItems: 10 }),
        }),
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

export { domainErrorOf, isDomainError, retryAfterSeconds, type DomainErrorData } from './errors.js';
export { describeRetry, retryDelayMs, type RetryInfo, type RetryPolicy } from './retry.js';
export { TRPCClientError };
export { bestSeats, newIdempotencyKey, type BestRequest, type SeatLike } from './purchase.js';
export {
  joinQueue,
  waitForAdmission,
  joinAndWaitForAdmission,
  QueueExpiredError,
  type QueueJoin,
  type QueueView,
  type WaitForAdmissionOptions,
} from './queue.js';
export { aboutWait, describeWait, updatedAgo, waitRange, type EstimateView } from './wait-wording.js';
export * from './availability.js';
export { followAvailability, type FollowHandlers } from './follow-availability.js';
export { loadSeatMap, type SeatMap } from './seat-map.js';
