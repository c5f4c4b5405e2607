/**
 * The bare-HTTP baseline: the same Express 5 host settings and request-timing middleware as apps/server/src/app.ts,
 * and one route that does no work, answering in tRPC's response shape. The product's read and join scenarios are
 * reported as a ratio to this: what is left is tRPC, validation, auth and the real work.
 * Procedures under `noop.` go instead through tRPC itself (the product's HTTP path: the lean path for single calls,
 * the Express adapter for the rest; superjson) to procedures that do nothing: the share of the gap that is the tRPC
 * stack alone.
 * Procedures under `front.` are the same no-ops with the lean path moved in front of Express, on the `node:http`
 * server itself (the `lean-position` scenario measures the two places against each other).
 * Run as its own process, like a product server: built to plain JavaScript (bench/src/env/build.ts), PORT=0 picks
 * a free port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { initTRPC } from '@trpc/server';
import { leanTrpc } from '@tix/server/lean-trpc';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import superjson from 'superjson';
import { z } from 'zod';
import { Histogram, Registry } from 'prom-client';

const registry = new Registry();
// Same histogram definition as apps/server/src/http-metrics.ts, so the middleware does the same work per request.
const httpDuration = new Histogram({
  name: 'tix_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', 'loopback');
app.use((req, res, next) => {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    const route = req.path.startsWith('/trpc/') ? 'trpc' : req.path;
    end({ route: route.length > 40 ? 'other' : route, status: String(res.statusCode) });
  });
  next();
});

const empty = JSON.stringify({ result: { data: { json: null } } });
// A client may ask for a response as large as the product's (x-bare-bytes), to tell payload cost from product cost.
const padded = new Map<number, string>();
function bodyOf(bytes: number): string {
  if (!(bytes > empty.length) || bytes > 1_000_000) return empty;
  let body = padded.get(bytes);
  if (!body) {
    body = JSON.stringify({ result: { data: { json: 'x'.repeat(bytes - empty.length - 2) } } });
    padded.set(bytes, body);
  }
  return body;
}

const t = initTRPC.create({ transformer: superjson });
const noops = t.router({
  query: t.procedure.input(z.unknown()).query(() => null),
  mutation: t.procedure.input(z.unknown()).mutation(() => null),
});
const noopOptions = {
  router: t.router({ noop: noops, front: noops }),
  maxBodySize: 256 * 1024,
};
// As in the product (apps/server/src/app.ts): single calls on the lean path, anything else on the adapter.
const lean = leanTrpc(noopOptions);
const noop = createExpressMiddleware(noopOptions);
app.use('/trpc', (req, res, next) =>
  req.path.startsWith('/noop.') || req.path.startsWith('/front.')
    ? lean(req, res, () => noop(req, res, next))
    : next(),
);

// Reads the body (a mutation's input) and discards it: the bare stack, no work.
app.all('/trpc/{*path}', (req, res) => {
  req.resume();
  req.on('end', () => {
    res.type('application/json').send(bodyOf(Number(req.headers['x-bare-bytes'])));
  });
});

// The lean path in front of Express: it reads only the method, path, query, headers and body, so the node:http
// request gets Express's `path` and `query` (the part after the /trpc mount, the query string parsed as Express 5's
// default parser does) and nothing else; the same request timing as the Express middleware above, so the two places
// differ only in what Express itself does per request.
function inFront(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? '';
  if (!url.startsWith('/trpc/front.')) return false;
  const end = httpDuration.startTimer();
  res.on('finish', () => end({ route: 'trpc', status: String(res.statusCode) }));
  const q = url.indexOf('?');
  Object.assign(req, {
    path: url.slice('/trpc'.length, q < 0 ? undefined : q),
    query: q < 0 ? {} : parseQuery(url.slice(q + 1)),
  });
  lean(req as express.Request, res as express.Response, () => {
    res.statusCode = 500;
    res.end();
  });
  return true;
}

const server = createServer((req, res) => {
  if (!inFront(req, res)) app(req, res);
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
