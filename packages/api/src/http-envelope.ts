/**
 * Refusals of a /trpc request's envelope, decided before tRPC reads anything: an HTTP method tRPC has no meaning
 * for (TRACE, PUT, a CORS preflight: the API is same-origin only), and a batch of more calls than any client of
 * ours sends. One anonymous batch of 1,000 `auth.signIn` calls was 1,000 password hashes in one request, stalling
 * every other sign-in for minutes; the SDK batches at most `MAX_BATCH_CALLS` (its httpBatchLink's maxItems), so a
 * longer batch is refused whole, at the cost of counting commas.
 *
 * The answer has exactly the shape tRPC gives its own errors (the router's error formatter adds the domain code).
 */
import { TRPCError } from '@trpc/server';
import {
  getErrorShape,
  getHTTPStatusCodeFromError,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import { DomainError, trpcCodeOf, type DomainCode } from './errors.js';
import { appRouter } from './router.js';

export const MAX_BATCH_CALLS = 10;

const methods = new Set(['GET', 'POST', 'HEAD']);

export interface EnvelopeRequest {
  method: string;
  /** The procedure path after /trpc/: `concert.list`, or `a,b,c` in a batch. */
  procedurePath: string;
  /** The `batch` query parameter. */
  batch: unknown;
}

export interface EnvelopeRefusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function refuseEnvelope(request: EnvelopeRequest): EnvelopeRefusal | null {
  if (!methods.has(request.method.toUpperCase())) {
    return refusal(
      'METHOD_NOT_SUPPORTED',
      `${request.method} is not supported; use GET for queries and POST for mutations`,
      {
        allow: 'GET, POST',
      },
    );
  }
  if (request.batch === '1' && countCalls(request.procedurePath) > MAX_BATCH_CALLS) {
    return refusal(
      'BATCH_TOO_LARGE',
      `A batch may hold at most ${MAX_BATCH_CALLS} calls`,
      {},
      { maxCalls: MAX_BATCH_CALLS },
    );
  }
  return null;
}

function countCalls(procedurePath: string): number {
  let calls = 1;
  for (let i = procedurePath.indexOf(','); i !== -1; i = procedurePath.indexOf(',', i + 1)) calls++;
  return calls;
}

function refusal(
  code: DomainCode,
  message: string,
  headers: Record<string, string>,
  details: Record<string, unknown> = {},
): EnvelopeRefusal {
  const cause = new DomainError(code, message, details);
  const error = new TRPCError({ code: trpcCodeOf(code), message, cause });
  const config = appRouter._def._config;
  const shape = getErrorShape({
    config,
    error,
    type: 'unknown',
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
  return {
    status: getHTTPStatusCodeFromError(error),
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(transformTRPCResponse(config, { error: shape })),
  };
}
