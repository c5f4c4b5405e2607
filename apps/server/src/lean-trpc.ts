/**
 * The lean path: a single tRPC query or mutation (alone, or as the batch of one the SDK's batch link sends; no
 * streaming) answered through tRPC's own core,
 * without the Fetch API Request, Headers, AbortSignal and web streams the Express adapter builds for every call.
 * Those objects, and the garbage they leave, were about half of the server's CPU in the profiled `queue.status`
 * benchmark; the product's own code was under a tenth.
 *
 * Nothing of tRPC is re-implemented: the procedure is found with `getProcedureAtPath` and called as
 * `resolveResponse` calls it (so its middleware, input parsers and error formatter run), the input is read with the
 * router's transformer, and errors take tRPC's own shape, status and transform. The same `createContext`,
 * `responseMeta` and `onError` as the adapter's are passed in (app.ts hands both the one object), and the answer is
 * written with the adapter's headers (`vary`, `content-type`, `allow` on a wrong method). A contract test
 * (apps/server/test/lean-path.contract.e2e.test.ts) holds the two paths to the same status, headers and body, on
 * the exact @trpc/server version pinned in the pnpm catalog.
 *
 * A query may also be answered from a per-procedure answer cache (`LeanOptions.answers`), asked before the context
 * is built or the procedure runs: the catalog's cached reads (packages/api/src/modules/concert/catalog-edge.ts) hold
 * the superjson text of their `data` already, so a hit is wrapped in tRPC's envelope as it is, where running the
 * procedure would parse it and serialise it again. A miss, input that does not parse or validate, or a failing
 * cache runs the procedure as usual, which then names the error. One mechanism: the same recognised requests, the
 * same input reading and the same headers as every other lean answer, held to the adapter by the same contract test.
 *
 * Anything else is left to the official adapter, untouched: batches of several calls, subscriptions, `trpc-accept` or jsonl
 * requests, other query parameters (`connectionParams`…), escaped or comma paths, HEAD and other methods, a POST
 * that is not `application/json` or carries no `content-length` or more than the adapter's body limit.
 */
import {
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
  TRPCError,
  type AnyProcedure,
  type AnyRootTypes,
  type AnyRouter,
  type RootConfig,
  type TRPCErrorShape,
  type TRPCResponse,
  type TRPCRequestInfo,
} from '@trpc/server/unstable-core-do-not-import';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeAnswer } from './answer-head.js';
import { leanPath, procedureNow, type LeanRequestHead } from './lean-call.js';
import type { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';

/** A cached catalog answer's own headers, as the adapter writes them for any query. */
const cachedHeaders = { vary: 'trpc-accept, accept', 'content-type': 'application/json' };

/** The official adapter's own options: the app passes one object to both. */
type Options<TRouter extends AnyRouter> = Parameters<typeof createExpressMiddleware<TRouter>>[0];

export type TrpcHandlerOptions<TRouter extends AnyRouter> = Options<TRouter>;

/**
 * What the lean path reads of a request: node's own, with Express's `path` (the part after the /trpc mount), the
 * parsed `query` and the client's `ip`. An Express request is one; the front door (front-door.ts) makes one.
 */
export type { LeanRequestHead };

export type LeanRequest = IncomingMessage & {
  path: string;
  query: Record<string, unknown>;
  ip?: string | undefined;
};

/**
 * A query's cached answer: the superjson text of its `data` for this (deserialised, not yet validated) input, or
 * null to run the procedure. It must answer exactly what the procedure would, and only for public reads: no
 * context is built for a hit.
 */
export type CachedAnswer = (input: unknown) => Promise<string | null>;

export interface LeanOptions {
  /** Procedure path → its answer cache. */
  answers?: Readonly<Record<string, CachedAnswer>>;
}

interface LeanCall {
  path: string;
  /** Sent as a batch of one (`?batch=1`): the input is `{ "0": … }` and the answer a list of one. */
  batch: boolean;
  /** A GET's `input` parameter. */
  input: string | undefined;
  /** Null: no procedure at the path (answered NOT_FOUND, as the adapter does). */
  procedure: AnyProcedure | null;
}

export interface LeanPath {
  /** The call when the lean path answers this request, or null to leave it to the official adapter. Synchronous. */
  take(req: LeanRequestHead): LeanCall | null;
  /** Answers a call `take` returned. Rejects only when the answer could not be written. */
  answer(call: LeanCall, req: LeanRequest, res: ServerResponse): Promise<void>;
}

export function createLeanPath<TRouter extends AnyRouter>(
  options: Options<TRouter>,
  lean: LeanOptions = {},
): LeanPath {
  const maxBodySize = options.maxBodySize ?? 0;
  return {
    take(req) {
      const query = req.query;
      const path = leanPath(req, query, maxBodySize);
      if (path === null) return null;
      const procedure = procedureNow(options.router, path);
      // A subscription's answer is an event stream, even for its errors: the adapter's to write. A lazy router's
      // part not loaded yet is the adapter's to load.
      if (procedure === 'lazy' || procedure?._def.type === 'subscription') return null;
      return { path, batch: query.batch === '1', input: query.input as string | undefined, procedure };
    },
    answer: (call, req, res) => answer(options, lean, call, req, res),
  };
}

/** The lean path as Express middleware: `next()` for every request it leaves to the official adapter. */
export function leanTrpc<TRouter extends AnyRouter>(options: Options<TRouter>, lean: LeanOptions = {}) {
  const path = createLeanPath(options, lean);
  return (req: LeanRequest, res: ServerResponse, next: NextFunction): void => {
    const call = path.take(req);
    if (call === null) return next();
    path.answer(call, req, res).catch(next);
  };
}

/**
 * The adapter's options name Express's request, but the product's `createContext` and `onError` read only what
 * every LeanRequest has (headers, ip, socket: packages/api/src/context.ts), on either path.
 */
const asExpress = (req: LeanRequest) => req as unknown as ExpressRequest;

const methodOf = { query: 'GET', mutation: 'POST', subscription: 'GET' } as const;

async function answer<TRouter extends AnyRouter>(
  options: Options<TRouter>,
  lean: LeanOptions,
  { path, batch, input: queryInput, procedure }: LeanCall,
  req: LeanRequest,
  res: ServerResponse,
): Promise<void> {
  const config = options.router._def._config as RootConfig<AnyRootTypes>;
  const type = procedure?._def.type ?? 'unknown';
  const body = req.method === 'POST' ? await readBody(req) : undefined;

  // Read once, lazily, as tRPC's JSON content handler does: a parse failure is the call's BAD_REQUEST.
  let input: unknown;
  let inputRead = false;
  const getRawInput = async (): Promise<unknown> => {
    if (inputRead) return input;
    try {
      const raw = req.method === 'GET' ? queryInput : body;
      const parsed: unknown = typeof raw === 'string' && raw.length > 0 ? JSON.parse(raw) : undefined;
      const json = batch ? firstOfBatch(parsed) : parsed;
      input = json === undefined ? undefined : config.transformer.input.deserialize(json);
    } catch (cause) {
      if (cause instanceof TRPCError) throw cause;
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: cause instanceof Error ? cause.message : 'Invalid input',
        cause,
      });
    }
    inputRead = true;
    return input;
  };

  const cache = req.method === 'GET' && type === 'query' ? lean.answers?.[path] : undefined;
  if (cache) {
    const data = await cachedData(cache, getRawInput);
    if (data !== null) {
      const text = `{"result":{"data":${data}}}`;
      writeAnswer(res, 200, cachedHeaders, batch ? `[${text}]` : text);
      return;
    }
  }

  const info: TRPCRequestInfo = {
    accept: null,
    type,
    isBatchCall: batch,
    calls: [{ path, procedure, getRawInput, result: () => (inputRead ? input : undefined), batchIndex: 0 }],
    connectionParams: null,
    // No AbortSignal is built: only subscriptions (the adapter's) listen to one; createContext reads `type`.
    signal: undefined as unknown as AbortSignal,
    url: null,
  };

  const headers: Record<string, string> = { vary: 'trpc-accept, accept' };
  let ctx: unknown;
  let error: TRPCError | undefined;
  let data: unknown;
  try {
    let contextError: TRPCError | undefined;
    try {
      ctx = await options.createContext?.({ req: asExpress(req), res: res as ExpressResponse, info });
    } catch (cause) {
      contextError = getTRPCErrorFromUnknown(cause);
    }
    if (!procedure) {
      throw new TRPCError({ code: 'NOT_FOUND', message: `No procedure found on path "${path}"` });
    }
    if (methodOf[procedure._def.type] !== req.method) {
      headers.allow = methodOf[procedure._def.type];
      throw new TRPCError({
        code: 'METHOD_NOT_SUPPORTED',
        message: `Unsupported ${req.method}-request to ${procedure._def.type} procedure at path "${path}"`,
      });
    }
    if (contextError) throw contextError;
    data = await procedure({
      path,
      getRawInput,
      ctx,
      type: procedure._def.type,
      signal: undefined,
      batchIndex: 0,
    });
  } catch (cause) {
    error = getTRPCErrorFromUnknown(cause);
    options.onError?.({ error, path, input: info.calls[0]!.result(), ctx, type, req: asExpress(req) });
  }

  const response: TRPCResponse = error
    ? {
        error: getErrorShape({
          config,
          ctx,
          error,
          input: info.calls[0]!.result(),
          path,
          type,
        }) as TRPCErrorShape,
      }
    : { result: { data } };
  headers['content-type'] = 'application/json';
  let status = getHTTPStatusCode([response], [error]);
  const meta = options.responseMeta?.({
    ctx,
    info,
    paths: [path],
    data: [response],
    errors: error ? [error] : [],
    eagerGeneration: false,
    type,
  });
  if (meta?.headers) {
    if (meta.headers instanceof Headers)
      throw new Error('the lean path takes responseMeta headers as a record');
    for (const [key, value] of Object.entries(meta.headers))
      if (typeof value === 'string') headers[key] = value;
  }
  if (meta?.status) status = meta.status;

  const text = JSON.stringify(transformTRPCResponse(config, batch ? [response] : response));
  writeAnswer(res, status, headers, text);
}

/** The cache's answer, or null for the procedure to run (and name the error, if the input is at fault). */
async function cachedData(cache: CachedAnswer, getRawInput: () => Promise<unknown>): Promise<string | null> {
  try {
    return await cache(await getRawInput());
  } catch {
    return null;
  }
}

/** A batch's input is keyed by call index, as tRPC's JSON content handler reads it; absent means no input. */
function firstOfBatch(inputs: unknown): unknown {
  if (inputs === undefined) return undefined;
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: '"input" needs to be an object when doing a batch call',
    });
  }
  return (inputs as Record<string, unknown>)['0'];
}

/** The body, whose length `content-length` already bounds (Node refuses a body longer than it announced). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
