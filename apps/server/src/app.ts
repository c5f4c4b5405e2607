/** The HTTP surface: tRPC at /trpc, health, readiness, metrics, and the web client's build at /. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  appRouter,
  catalogAnswers,
  checkReadiness,
  layoutAnswer,
  notePresent,
  createHttpContextFactory,
  openApiDocument,
  refuseEnvelope,
  retryAfterHeaders,
  type Deps,
} from '@tix/api';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import type { Logger } from 'pino';
import { httpDuration } from './http-metrics.js';
import { leanTrpc, type TrpcHandlerOptions } from './lean-trpc.js';
import { shedLoad } from './load-shedding.js';
import { metricsEndpoint } from './metrics-endpoint.js';
import { securityHeaders } from './security-headers.js';

export interface AppOptions {
  logger: Logger;
  /** Folder of the built web client; served at / when it exists. */
  webDist?: string | undefined;
  /** Bearer token that unlocks /metrics; without one, /metrics answers 404. */
  metricsToken?: string | undefined;
  /** Answer single calls on the lean path (lean-trpc.ts); off, every call goes through tRPC's Express adapter. */
  leanPath?: boolean | undefined;
  /** True while the server is stopping: /readyz answers 503 so new calls go elsewhere. */
  isDraining?: (() => boolean) | undefined;
  /** How long a call asking for a database connection now would wait (`@tix/db`): load shedding reads it. */
  databaseWaitMs?: (() => number) | undefined;
}

export function createApp(deps: Deps, options: AppOptions): express.Express {
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
    const end = httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.path.startsWith('/trpc/') ? 'trpc' : req.path;
      end({ route: route.length > 40 ? 'other' : route, status: String(res.statusCode) });
    });
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

  // A poll keeps its place from the moment it arrives, even if this process then sheds it or answers it late
  // (docs/domain.md, "Waiting room", "Presence"): noted here, written with the next presence batch.
  app.use('/trpc', (req, _res, next) => {
    const token = req.headers['x-queue-token'];
    if (typeof token === 'string' && req.path.includes('queue.')) notePresent(deps, token);
    next();
  });

  // Past its load limits the process refuses new calls at once, first of all (see load-shedding.ts).
  app.use(
    '/trpc',
    shedLoad(
      deps.config.loadLimits,
      options.databaseWaitMs ? { databaseWaitMs: options.databaseWaitMs } : {},
    ),
  );

  // Wrong methods and oversized batches are refused before anything is read (see http-envelope.ts).
  app.use('/trpc', (req, res, next) => {
    const refused = refuseEnvelope({
      method: req.method,
      procedurePath: req.path.slice(1),
      batch: req.query.batch,
    });
    if (!refused) return next();
    res.status(refused.status).set(refused.headers).send(refused.body);
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

  // One set of options for both paths, so the lean path cannot drift from the adapter's context, headers and logs.
  const trpc: TrpcHandlerOptions<typeof appRouter> = {
    router: appRouter,
    createContext: createHttpContextFactory(deps),
    maxBodySize: 256 * 1024,
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
    onError({ error, path: procedure }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        options.logger.error({ err: error.cause ?? error, procedure }, 'procedure failed');
      } else {
        options.logger.debug({ procedure, code: error.code }, 'client error');
      }
    },
  };
  // Express middleware right after the shedder and the envelope refusals, so every rule before tRPC (security
  // headers, Cache-Control, timing, shedding) applies to both paths written once. Measured (bench `lean-position`,
  // a tRPC no-op, A B B A in one run, three runs on a loaded 2-core machine): in front of Express on node:http the
  // path served 1.06×, 1.27× and 1.83× the requests per server CPU-second it serves here, i.e. Express costs it
  // about 15-20 µs a call; on queue.status (~200 µs of server CPU a call) that is under a tenth. In front, it would
  // have to repeat every one of those rules for node:http, and a rule added to Express later would silently skip
  // the hot path: not worth a tenth. Cached catalog reads are answered on it from their answer cache
  // (catalog-edge.ts).
  if (options.leanPath !== false) app.use('/trpc', leanTrpc(trpc, { answers: catalogAnswers(deps) }));
  app.use('/trpc', createExpressMiddleware(trpc));

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
