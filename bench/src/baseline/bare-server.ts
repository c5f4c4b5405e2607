/**
 * The bare-HTTP baseline: the same Express 5 host settings and request-timing middleware as apps/server/src/app.ts,
 * and one route that does no work, answering in tRPC's response shape. The product's read and join scenarios are
 * reported as a ratio to this: what is left is tRPC, validation, auth and the real work.
 * Procedures under `noop.` go instead through tRPC itself (the product's HTTP path: the front door's lean path for
 * single calls, apps/server/src/front-door.ts, with the product's security headers and Cache-Control, then the
 * Express adapter for the rest; superjson) to procedures that do nothing: the share of the gap that is the tRPC
 * stack alone. (The product's call rules, presence, shedding and the envelope, need its deps and are not run here.)
 * Procedures under `mw.` are the same no-ops with the lean path as Express middleware, where the product had it
 * until 2026-12-06 (the `lean-position` scenario measures the two places against each other).
 * Run as its own process, like a product server: built to plain JavaScript (bench/src/env/build.ts), PORT=0 picks
 * a free port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { initTRPC } from '@trpc/server';
import { frontDoor, type BeforeCall } from '@tix/server/front-door';
import { createLeanPath, leanTrpc } from '@tix/server/lean-trpc';
import { deferStaticHeaders, writeCacheControl, writeStaticHeaders } from '@tix/server/security-headers';
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
  router: t.router({ noop: noops, mw: noops }),
  maxBodySize: 256 * 1024,
};
// The headers the product writes on every tRPC answer, on both paths alike.
const headers = (procedurePath: string, req: IncomingMessage, res: ServerResponse, query: unknown) => {
  writeStaticHeaders(res);
  writeCacheControl(procedurePath, { method: req.method, headers: req.headers, query }, res);
};
// The lean path as Express middleware, then the adapter for anything else.
const lean = leanTrpc(noopOptions);
const noop = createExpressMiddleware(noopOptions);
app.use('/trpc', (req, res, next) => {
  if (!req.path.startsWith('/noop.') && !req.path.startsWith('/mw.')) return next();
  headers(req.path.slice(1), req, res, req.query);
  lean(req, res, () => noop(req, res, next));
});

// Reads the body (a mutation's input) and discards it: the bare stack, no work.
app.all('/trpc/{*path}', (req, res) => {
  req.resume();
  req.on('end', () => {
    res.type('application/json').send(bodyOf(Number(req.headers['x-bare-bytes'])));
  });
});

// As in the product (apps/server/src/app.ts): the front door answers single `noop.` calls before Express, with the
// same headers (written with the answer, in one head: apps/server/src/answer-head.ts) and the same request timing
// as the Express middleware above.
const before: BeforeCall = (call, req, res) => {
  deferStaticHeaders({ method: req.method, headers: req.headers, query: call.query }, res);
  const end = httpDuration.startTimer();
  res.on('finish', () => end({ route: 'trpc', status: String(res.statusCode) }));
  return false;
};
const door = frontDoor(app, createLeanPath(noopOptions), before);
const server = createServer((req, res) => {
  if (req.url?.startsWith('/trpc/noop.')) door(req, res);
  else app(req, res);
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
