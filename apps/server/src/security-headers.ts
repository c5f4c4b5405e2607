/**
 * Headers that tell browsers and caches how far to trust an answer: helmet's set with a strict Content-Security-Policy
 * for the web client and the API alike, and `Cache-Control` on tRPC answers so nothing personal is kept by a browser
 * or a proxy.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { deferAnswerHeaders } from './answer-head.js';

/**
 * The built web client is one script and one stylesheet from this origin, talking to /trpc on this origin, so
 * everything else is refused. No 'unsafe-inline': Vite emits no inline script or style in a build, and React sets
 * `style={...}` through the CSSOM, which style-src does not govern. The icon is a data: URL (index.html).
 * `upgrade-insecure-requests` (a helmet default) is left out: an http-only deployment, or the embedded mode on
 * 127.0.0.1, would have its own requests rewritten to https.
 */
const contentSecurityPolicy = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export const helmetHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
  // frame-ancestors above is the modern rule; X-Frame-Options says the same to older browsers.
  xFrameOptions: { action: 'deny' },
  // Subscriptions carry their credentials in the URL (EventSource cannot send headers): never pass it on.
  referrerPolicy: { policy: 'no-referrer' },
});

/**
 * Helmet's headers, as helmet writes them, recorded once: with no per-request directive (no nonce) they are the
 * same for every answer. Helmet itself runs a dozen middleware functions per request to write them, about 6 % of a
 * server's CPU under the `queue` bench's load (issue 12); setting the recorded list is one loop.
 */
export function recordedHelmetHeaders(): ReadonlyArray<readonly [string, string]> {
  const headers: Array<readonly [string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let done = false;
  helmetHeaders(
    {} as Parameters<RequestHandler>[0],
    recorder as unknown as Parameters<RequestHandler>[1],
    () => (done = true),
  );
  // Helmet calls next() synchronously once every header is set; anything else would mean it changed its ways.
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}

const recorded = recordedHelmetHeaders();

/** Helmet's recorded headers, on any answer. */
export function writeStaticHeaders(res: ServerResponse): void {
  for (const [name, value] of recorded) res.setHeader(name, value);
}

const recordedFlat = recorded.flat();
const withCacheControl = {
  'no-cache': [...recordedFlat, 'Cache-Control', 'no-cache'],
  'no-store': [...recordedFlat, 'Cache-Control', 'no-store'],
} as const;

/**
 * The same headers as `writeStaticHeaders` and `writeCacheControl` together, for an answer the front door writes
 * in one head (answer-head.ts): a single query or mutation, never the layout's route or a subscription.
 */
export function deferStaticHeaders(req: TrpcRequestHead, res: ServerResponse): void {
  deferAnswerHeaders(res, withCacheControl[isPersonal(req) ? 'no-store' : 'no-cache']);
}

/** What the Cache-Control rule reads of a /trpc request. */
interface TrpcRequestHead {
  method?: string | undefined;
  headers: IncomingHttpHeaders;
  query: unknown;
}

/** An answer is personal when the request carried a credential, or when it is a mutation (anything but GET). */
function isPersonal(req: TrpcRequestHead): boolean {
  return (
    req.method !== 'GET' ||
    req.headers.authorization !== undefined ||
    req.headers['x-queue-token'] !== undefined ||
    (typeof req.query === 'object' && req.query !== null && 'connectionParams' in req.query)
  );
}

/**
 * Personal answers (a session or queue token, or a mutation) are `no-store`. Anonymous reads (the public catalog,
 * and the refusals of everything else) are `no-cache`: they may be stored, but are checked with the server before
 * each use, since an operator's change is visible at once (the server's own catalog cache is dropped on change).
 * `procedurePath` is the part after `/trpc/`.
 */
export function writeCacheControl(procedurePath: string, req: TrpcRequestHead, res: ServerResponse): void {
  // The same for everyone, whoever sends it (the SDK sends its session on every call): app.ts makes it public.
  if (req.method === 'GET' && procedurePath === 'concert.layout') return;
  if (!isPersonal(req)) {
    res.setHeader('Cache-Control', 'no-cache');
    return;
  }
  res.setHeader('Cache-Control', 'no-store');
  // A subscription's event stream sets its own `no-cache, no-transform` later; it keeps `no-transform` (so proxies
  // do not buffer the stream) but is personal all the same.
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) =>
    name.toLowerCase() === 'cache-control'
      ? setHeader(name, /no-transform/.test(String(value)) ? 'no-store, no-transform' : 'no-store')
      : setHeader(name, value);
}

/** Mounted first in app.ts, so every answer (tRPC, cached catalog answers, static files, errors) carries them. */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    writeStaticHeaders(res);
    if (req.path.startsWith('/trpc')) writeCacheControl(req.path.slice('/trpc/'.length), req, res);
    next();
  };
}
