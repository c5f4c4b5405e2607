/** The SDK's public types: the router's inputs and outputs, the client's options and the client itself. */
import type { AppRouter, DomainCode } from '@tix/api';
import type { TRPCClient } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { RetryInfo, RetryPolicy } from './retry.js';

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
  /** How calls refused for load (OVERLOADED, RATE_LIMITED) are retried; `false` leaves every refusal to the caller. */
  retry?: RetryPolicy | false;
  /** Told before each retry, so a client can say "the sale is very busy; trying again in N s". */
  onRetry?: (info: RetryInfo) => void;
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
