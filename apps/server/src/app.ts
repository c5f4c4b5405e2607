/** The HTTP surface: tRPC at /trpc, health, readiness, metrics, and the web client's build at /. */
import { existsSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  appRouter,
  catalogAnswers,
  checkReadiness,
  layoutAnswer,
  createHttpContextFactory,
  openApiDocument,
  retryAfterHeaders,
  type Deps,
} from '@tix/api';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import type { Logger } from 'pino';
import { frontDoor } from './front-door.js';
import { timeRequest } from './http-metrics.js';
import { createLeanPath, type TrpcHandlerOptions } from './lean-trpc.js';
import { metricsEndpoint } from './metrics-endpoint.js';
import { deferStaticHeaders, securityHeaders } from './security-headers.js';
import { createTrpcRules, type TrpcRules } from './trpc-rules.js';

export interface AppOptions {
  logger: Logger;
  /** Folder of the built web client; served at / when it exists. */
  webDist?: string | undefined;
  /** Bearer token that unlocks /metrics; without one, /metrics answers 404. */
  metricsToken?: string | undefined;
  /**
   * Answer single calls on the lean path in front of Express (front-door.ts); off, every call goes through tRPC's
   * Express adapter.
   */
  leanPath?: boolean | undefined;
  /** True while the server is stopping: /readyz answers 503 so new calls go elsewhere. */
  isDraining?: (() => boolean) | undefined;
  /** How long a call asking for a database connection now would wait (`@tix/db`): load shedding reads it. */
  databaseWaitMs?: (() => number) | undefined;
}

const gaugesOf = (options: AppOptions) =>
  options.databaseWaitMs ? { databaseWaitMs: options.databaseWaitMs } : {};

/** The server's request listener: the front door (front-door.ts), then the Express app. */
export function createRequestListener(deps: Deps, options: AppOptions): RequestListener {
  const rules = createTrpcRules(deps, gaugesOf(options));
  const trpc = trpcOptions(deps, options.logger);
  const app = createApp(deps, options, { rules, trpc });
  if (options.leanPath === false) return app;
  return frontDoor(app, createLeanPath(trpc, { answers: catalogAnswers(deps) }), (call, req, res) => {
    // What the Express app does before tRPC, in its order: securityHeaders(), the timer, then the call rules. The
    // headers are written with the answer, in one head (answer-head.ts).
    deferStaticHeaders({ method: req.method, headers: req.headers, query: call.query }, res);
    timeRequest(call.pathname, res);
    return rules(call.procedurePath, call.query.batch, req, res);
  });
}

/** One set of options for both paths, so the lean path cannot drift from the adapter's context, headers and logs. */
function trpcOptions(deps: Deps, logger: Logger): TrpcHandlerOptions<typeof appRouter> {
  return {
    router: appRouter,
    createContext: createHttpContextFactory(deps),
    maxBodySize: 256 * 1024,
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
    onError({ error, path: procedure }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: error.cause ?? error, procedure }, 'procedure failed');
      } else {
        logger.debug({ procedure, code: error.code }, 'client error');
      }
    },
  };
}

/**
 * The Express app alone: every call through tRPC's Express adapter (the front door answers the lean ones before
 * it). `shared` is the front door's rules and options when there is one, so both count one set of calls in flight.
 */
export function createApp(
  deps: Deps,
  options: AppOptions,
  shared: { rules: TrpcRules; trpc: TrpcHandlerOptions<typeof appRouter> } = {
    rules: createTrpcRules(deps, gaugesOf(options)),
    trpc: trpcOptions(deps, options.logger),
  },
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Express 5 parses the query string again on every read of `req.query`, and a tRPC call's is read by several
  // rules below (Cache-Control, the envelope refusals, the lean path): parsed once here, kept as a plain value.
  app.use((req, _res, next) => {
    Object.defineProperty(req, 'query', { value: req.query, writable: true, configurable: true });
    next();
  });
  app.use(securityHeaders());

  app.use((req, res, next) => {
    timeRequest(req.path, res);
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  // Within a second, whatever is down: each dependency is probed in parallel under a budget (readiness.ts).
  app.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(deps);
    const draining = options.isDraining?.() ?? false;
    const ok = readiness.ok && !draining;
    res.status(ok ? 200 : 503).json({ ...readiness, ok, ...(draining && { draining }) });
  });

  app.get('/metrics', metricsEndpoint(options.metricsToken));

  // The API described from the router itself (packages/api/src/openapi): the plain-JSON way to call /trpc.
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  // Its reference page: files of their own, since the CSP allows no inline script or style. The folder sits one
  // level above src/ and dist/ alike, so the same URL finds it from the sources and from the build.
  const reference = fileURLToPath(new URL('../reference/', import.meta.url));
  app.use('/docs', express.static(reference, { index: 'index.html', maxAge: '5m' }));
  const sdkReadme = fileURLToPath(new URL('../../../packages/sdk/README.md', import.meta.url));
  app.get('/docs/sdk', (_req, res) => {
    if (existsSync(sdkReadme)) res.type('text/markdown; charset=utf-8').sendFile(sdkReadme);
    else res.status(404).type('text').send('packages/sdk/README.md is not deployed here');
  });

  // Presence, load shedding and the envelope's refusals, as the front door runs them (trpc-rules.ts).
  app.use('/trpc', (req, res, next) => {
    if (!shared.rules(req.path.slice(1), req.query.batch, req, res)) next();
  });

  // A performance's layout is static (docs/api.md, "Venues"): a strong ETag, public caching for five minutes, and
  // 304 for a client that has this version already. Its answer does not depend on who asks.
  app.get('/trpc/concert.layout', async (req, res, next) => {
    const found = await layoutAnswer(deps, {
      input: req.query.input,
      batch: req.query.batch,
      trpcAccept: req.headers['trpc-accept'],
    }).catch(() => null);
    if (found === null) return next();
    res.setHeader('etag', found.etag);
    res.setHeader('cache-control', 'public, max-age=300');
    res.setHeader('vary', 'trpc-accept, accept');
    const seen = req.headers['if-none-match'];
    if (seen !== undefined && seen.split(/\s*,\s*/).includes(found.etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(found.body);
  });

  app.use('/trpc', createExpressMiddleware(shared.trpc));

  const webDist = options.webDist;
  if (webDist && existsSync(path.join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes fall back to the app shell.
    app.get(/^\/(?!trpc|healthz|readyz|metrics|openapi\.json|docs).*/, (_req, res) => {
      res.sendFile(path.join(webDist, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res
        .type('text')
        .send(
          'tix API is running at /trpc. Build the web client (pnpm --filter @tix/web build) to serve it here.',
        );
    });
  }
  return app;
}
