/**
 * The one initTRPC. Base procedures narrow the context: `authedProcedure` guarantees `ctx.user`,
 * `adminProcedure` an admin, `queuedProcedure` an ACTIVE queue token owned by the caller (`ctx.queue`).
 * DomainErrors are mapped to tRPC codes here and nowhere else.
 */
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { Context } from './context.js';
import { DomainError, trpcCodeOf, type DomainCode } from './errors.js';
import { dependencyOf, serviceUnavailable } from './infra/dependency-failure.js';
import { transformer } from './infra/transformer.js';
import { requireActiveQueue } from './modules/queue/queue.guard.js';

interface Issue {
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  message: string;
}

function issuesOf(cause: unknown): Issue[] | null {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) ? (issues as Issue[]) : null;
}

function fieldName(issue: Issue): string {
  const path = (issue.path ?? []).map((p) => (typeof p === 'object' ? p.key : p));
  return path.length === 0 ? '(input)' : path.map(String).join('.');
}

const fallbackCodes: Partial<Record<TRPC_ERROR_CODE_KEY, DomainCode>> = {
  BAD_REQUEST: 'VALIDATION_FAILED',
  PARSE_ERROR: 'VALIDATION_FAILED',
  METHOD_NOT_SUPPORTED: 'METHOD_NOT_SUPPORTED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'PROCEDURE_NOT_FOUND',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
};

function envelopeMessage(code: TRPC_ERROR_CODE_KEY): string {
  return code === 'BAD_REQUEST' || code === 'PARSE_ERROR'
    ? 'Malformed request: the input is not valid JSON in the superjson format'
    : 'The request could not be read';
}

const t = initTRPC.context<Context>().create({
  transformer,
  // The formatter below never sends a stack, so tRPC need not read one (outside NODE_ENV=production it would, and
  // reading it formats the frames through the source maps: a cost on every refused call for nothing).
  isDev: false,
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
  },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const issues = issuesOf(cause);
    let domainCode: DomainCode;
    let details: Record<string, unknown> = {};
    let message = shape.message;
    const dependency = dependencyOf(cause);
    if (cause instanceof DomainError) {
      domainCode = cause.code;
      details = cause.details;
    } else if (dependency) {
      // A dependency failed before a procedure's middleware could map it (creating the context reads sessions).
      const unavailable = serviceUnavailable(dependency);
      return {
        ...shape,
        code: TRPC_ERROR_CODES_BY_KEY.SERVICE_UNAVAILABLE,
        message: unavailable.message,
        data: {
          code: 'SERVICE_UNAVAILABLE',
          httpStatus: 503,
          path: shape.data.path,
          domainCode: unavailable.code,
          ...unavailable.details,
        },
      };
    } else if (issues && error.code === 'BAD_REQUEST') {
      domainCode = 'VALIDATION_FAILED';
      const fields = [...new Set(issues.map(fieldName))];
      details = { fields, issues: issues.map((i) => ({ field: fieldName(i), message: i.message })) };
      message = `Invalid input: ${issues.map((i) => `${fieldName(i)}: ${i.message}`).join('; ')}`;
    } else {
      domainCode = fallbackCodes[error.code] ?? 'INTERNAL';
      // An envelope that failed to parse carries the runtime's own words (JSON.parse, superjson, a stack
      // overflow) as its message: the client gets a fixed sentence instead.
      if (cause instanceof Error && !(cause instanceof TRPCError)) message = envelopeMessage(error.code);
    }
    if (domainCode === 'INTERNAL') message = 'Internal server error';
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        domainCode,
        ...details,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

function toTrpcError(err: unknown): unknown {
  const dependency = dependencyOf(err);
  const domain = dependency ? serviceUnavailable(dependency) : err;
  return domain instanceof DomainError
    ? new TRPCError({ code: trpcCodeOf(domain.code), message: domain.message, cause: domain })
    : err;
}

/** A subscription's errors come from its generator, after `next()` has returned: they are mapped as they pass. */
async function* mapDomainErrors<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, unknown> {
  try {
    yield* source;
  } catch (err) {
    throw toTrpcError(err);
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Turns a DomainError thrown anywhere below into a TRPCError with the mapped code (tRPC's next() never throws),
 * for queries and mutations when they return, and for subscriptions while they stream.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTrpcError(result.error.cause);
    if (mapped instanceof TRPCError) throw mapped;
  } else if (isAsyncIterable(result.data)) {
    return { ...result, data: mapDomainErrors(result.data) };
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) {
    throw new DomainError(
      'UNAUTHENTICATED',
      ctx.sessionRejected ? 'Session is invalid or expired; sign in again' : 'Sign in first',
    );
  }
  // tRPC merges a middleware's `ctx` into the one it was given: only what narrows is passed (no copy of it all).
  return next({ ctx: { user: ctx.user } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'ADMIN') throw new DomainError('FORBIDDEN', 'Operators only');
  return next();
});

/**
 * Admits the call only with an ACTIVE queue token owned by the caller. The procedure still checks that the token
 * is for the concert it touches (`assertQueueConcert`), since only the input tells which concert that is.
 */
export const queuedProcedure = authedProcedure.use(async ({ ctx, next }) =>
  next({ ctx: { queue: await requireActiveQueue(ctx.deps, ctx.user.id, ctx.queueToken) } }),
);
